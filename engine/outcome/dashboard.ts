/**
 * The outcome report as one self-contained HTML file: tables and inline SVG bar charts, no
 * scripts, no external fonts, images or styles, so it opens offline and survives being attached
 * to an email. Pure string building; every value from the data is HTML-escaped, because agent ids
 * and segment names come from users' own tables.
 */
import type { AgentReportRow, OutcomeMetrics, OutcomeReport, SegmentReportRow } from './report';

export function escapeHtml(value: unknown): string {
	return String(value ?? '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

const FONT = 'Arial, Helvetica, sans-serif';

function percent(value: number | null): string {
	return value === null ? '-' : `${(value * 100).toFixed(1)}%`;
}

function seconds(value: number | null): string {
	if (value === null) return '-';
	if (value < 120) return `${value.toFixed(0)} s`;
	if (value < 7200) return `${(value / 60).toFixed(1)} min`;
	return `${(value / 3600).toFixed(1)} h`;
}

function money(value: number): string {
	return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

interface Bar {
	label: string;
	value: number;
	display: string;
}

/** A horizontal bar chart as inline SVG; bars scale to the largest value. */
export function barChart(title: string, bars: Bar[], color: string): string {
	const labelWidth = 170;
	const barArea = 330;
	const rowHeight = 22;
	const width = labelWidth + barArea + 80;
	const height = 28 + bars.length * rowHeight;
	const max = Math.max(...bars.map((bar) => bar.value), 0);
	const rows = bars
		.map((bar, index) => {
			const y = 24 + index * rowHeight;
			const length = max > 0 ? Math.max(1, Math.round((bar.value / max) * barArea)) : 1;
			return (
				`<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end" font-size="12" fill="#333">${escapeHtml(bar.label)}</text>` +
				`<rect x="${labelWidth}" y="${y + 3}" width="${length}" height="15" fill="${color}"/>` +
				`<text x="${labelWidth + length + 6}" y="${y + 14}" font-size="12" fill="#333">${escapeHtml(bar.display)}</text>`
			);
		})
		.join('');
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}" font-family="${FONT}">` +
		`<text x="0" y="14" font-size="13" font-weight="bold" fill="#111">${escapeHtml(title)}</text>${rows}</svg>`
	);
}

function metricsCells(row: OutcomeMetrics): string {
	return [
		row.leads,
		row.contacted,
		percent(row.contactRate),
		seconds(row.responseP50Seconds),
		seconds(row.responseP90Seconds),
		percent(row.slaHitRate),
		row.won,
		percent(row.conversion),
		money(row.value),
	]
		.map((cell) => `<td style="padding:4px 8px;border-bottom:1px solid #eee;text-align:right">${escapeHtml(cell)}</td>`)
		.join('');
}

const METRIC_HEADERS = ['Leads', 'Contacted', 'Contact rate', 'Response p50', 'Response p90', 'SLA hit', 'Won', 'Conversion', 'Value'];

function table(firstHeader: string, rows: Array<{ label: string; metrics: OutcomeMetrics }>): string {
	const head = [firstHeader, ...METRIC_HEADERS]
		.map((header) => `<th style="padding:4px 8px;border-bottom:2px solid #ccc;text-align:left">${escapeHtml(header)}</th>`)
		.join('');
	const body = rows
		.map(
			(row) =>
				`<tr><td style="padding:4px 8px;border-bottom:1px solid #eee">${escapeHtml(row.label)}</td>${metricsCells(row.metrics)}</tr>`,
		)
		.join('');
	return `<table style="border-collapse:collapse;font-size:13px;margin:8px 0 20px" cellpadding="0" cellspacing="0"><tr>${head}</tr>${body}</table>`;
}

function liftParagraph(report: OutcomeReport): string {
	const lift = report.summary.lift;
	if (!lift) {
		return '<p>Lift: not measurable yet (it needs leads in both the learned strategy and the random holdout).</p>';
	}
	const points = (value: number) => `${(value * 100).toFixed(1)} points`;
	const verdict = lift.significant
		? lift.lift > 0
			? 'The learned strategy converts better than the holdout.'
			: 'The learned strategy converts worse than the holdout.'
		: 'The difference is not yet distinguishable from chance.';
	return (
		`<p><b>Lift of the learned strategy over the holdout:</b> ${escapeHtml(points(lift.lift))} ` +
		`(${escapeHtml(percent(lift.learned.value))} vs ${escapeHtml(percent(lift.holdout.value))}; ` +
		`${escapeHtml(Math.round(lift.ci.level * 100))}% interval ${escapeHtml(points(lift.ci.low))} to ${escapeHtml(points(lift.ci.high))}; ` +
		`${escapeHtml(lift.learned.leads)} learned and ${escapeHtml(lift.holdout.leads)} holdout leads). ${escapeHtml(verdict)}</p>`
	);
}

export interface DashboardOptions {
	title?: string;
	/** When the report was made (shown, not computed here). */
	generatedAt?: string;
}

export function renderDashboard(report: OutcomeReport, options: DashboardOptions = {}): string {
	const title = options.title ?? 'Lead routing outcomes';
	const { summary } = report;
	const agentRows = report.agents;
	const byLabel = (rows: AgentReportRow[], pick: (row: AgentReportRow) => number | null, show: (value: number) => string) =>
		rows
			.filter((row) => pick(row) !== null)
			.map((row) => ({ label: row.agentId, value: pick(row)!, display: show(pick(row)!) }));
	const segmentTable = (dimension: SegmentReportRow['dimension'], header: string) =>
		table(
			header,
			report.segments.filter((row) => row.dimension === dimension).map((row) => ({ label: row.segment, metrics: row })),
		);
	const fairness = summary.fairness;
	return [
		'<!DOCTYPE html>',
		'<html lang="en"><head><meta charset="utf-8">',
		`<title>${escapeHtml(title)}</title></head>`,
		`<body style="font-family:${FONT};color:#111;margin:16px;max-width:960px">`,
		`<h1 style="font-size:20px">${escapeHtml(title)}</h1>`,
		`<p>${escapeHtml(summary.records)} outcome records, ${escapeHtml(summary.leads)} leads, ${escapeHtml(summary.agents)} agents` +
			(summary.from ? `, ${escapeHtml(summary.from)} to ${escapeHtml(summary.to)}` : '') +
			(options.generatedAt ? `. Generated ${escapeHtml(options.generatedAt)}` : '') +
			'.</p>',
		table('All leads', [{ label: 'Total', metrics: summary }]),
		liftParagraph(report),
		`<p><b>Fairness:</b> Gini of leads per unit of weight ${escapeHtml(fairness.gini ?? '-')} (0 = exactly proportional)` +
			(fairness.agentWithMaxGap
				? `; largest gap from the weighted share: ${escapeHtml(fairness.agentWithMaxGap)} (${escapeHtml(percent(fairness.maxShareGap))})`
				: '') +
			'.</p>',
		'<h2 style="font-size:16px">Agents</h2>',
		barChart('Leads per agent', byLabel(agentRows, (row) => row.leads, String), '#3b6ea5'),
		barChart('Conversion per agent', byLabel(agentRows, (row) => row.conversion, (v) => percent(v)), '#2e8b57'),
		barChart('Median response time per agent', byLabel(agentRows, (row) => row.responseP50Seconds, seconds), '#c0713a'),
		table('Agent', agentRows.map((row) => ({ label: row.agentId, metrics: row }))),
		'<h2 style="font-size:16px">Products</h2>',
		segmentTable('product', 'Product'),
		'<h2 style="font-size:16px">Channels</h2>',
		segmentTable('channel', 'Channel'),
		...(report.segments.some((row) => row.dimension === 'tier')
			? ['<h2 style="font-size:16px">Score tiers (Lead Score, when routed)</h2>', segmentTable('tier', 'Tier')]
			: []),
		'</body></html>',
	].join('\n');
}
