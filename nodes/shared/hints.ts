import type { IExecuteFunctions } from 'n8n-workflow';

interface RowProblem {
	row: number;
	reasons: Array<{ message: string }>;
}

/**
 * Side-input rows (roster, history) that could not be used never change a decision silently: they
 * are named in an execution hint, even when every lead went through. `consequence` says what
 * skipping them means for this node ("receive no leads", "were not learned from").
 */
export function hintUnreadableRows(
	ctx: IExecuteFunctions,
	kind: 'roster' | 'history',
	problems: RowProblem[],
	consequence: string,
): void {
	if (problems.length === 0) return;
	const shown = problems.slice(0, 5).map((problem) => problem.reasons[0]?.message ?? `row ${problem.row}`);
	const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
	ctx.addExecutionHints({
		message: `${problems.length} ${kind} row(s) could not be read and ${consequence}: ${shown.join('; ')}${more}`,
		type: 'warning',
		location: 'outputPane',
	});
}
