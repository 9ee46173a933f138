import { escapeHtml, renderDashboard } from '../../../engine/outcome/dashboard';
import { buildOutcomeReport } from '../../../engine/outcome/report';
import { simulateExperiment, smallHistory } from './history';

describe('renderDashboard', () => {
	const hostile = smallHistory.map((record) =>
		record.agentId === 'a2'
			? { ...record, agentId: '<script>alert("x")</script>', lead: { ...record.lead!, product: 'home & "garden"' } }
			: record,
	);
	const html = renderDashboard(buildOutcomeReport(hostile), { title: 'Weekly <outcomes>', generatedAt: '2026-11-09T08:00:00Z' });

	it('is a self-contained page with no scripts and no external resources', () => {
		expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toMatch(/\son\w+=/i); // no inline event handlers
		expect(html).not.toMatch(/<link|@import|url\(|src=/i);
		expect(html.match(/https?:\/\/[^"\s]*/g) ?? []).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg']);
	});

	it('escapes agent and segment names and the title', () => {
		expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
		expect(html).toContain('home &amp; &quot;garden&quot;');
		expect(html).toContain('<title>Weekly &lt;outcomes&gt;</title>');
		expect(escapeHtml(`<a href='x'>&`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;');
	});

	it('draws one bar per agent in each chart, with the numbers as text', () => {
		expect(html.match(/<svg/g)).toHaveLength(3);
		expect(html.match(/<rect/g)).toHaveLength(6);
		expect(html).toContain('Conversion per agent');
		expect(html).toContain('66.7%');
	});

	it('states the lift and its interval when both arms exist', () => {
		const simulated = renderDashboard(buildOutcomeReport(simulateExperiment(4000, 2).records));
		expect(simulated).toMatch(/Lift of the learned strategy over the holdout:<\/b> \d+\.\d points/);
		expect(simulated).toContain('95% interval');
		expect(renderDashboard(buildOutcomeReport([]))).toContain('not measurable yet');
	});
});
