// Writes the bench-only workflows in this folder (run it after editing; the JSON is committed so
// the benches import exactly what is reviewed):   node bench/workflows/generate.mjs
//
// bench-routing.json      Webhook -> Lead Normalize -> Lead Score -> License Check -> Lead Match ->
//                         Log Outcome -> Data Table insert (bench_history) -> Respond, with the
//                         roster (bench_agents) and history (bench_history) read by Data Table nodes.
//                         The same wiring the inbound-routing template uses, until it lands.
// bench-bare.json         Webhook -> Respond (what n8n costs with no node in between).
// bench-noop-1.json       Webhook -> 1 NoOp -> Respond (as many nodes as lead-intake.json).
// bench-noop-8.json       Webhook -> 8 NoOps -> Respond (as many nodes as bench-routing.json).
// bench-noop-io.json      bench-routing.json's shape and Data Table I/O with NoOps in place of our
//                         five nodes (isolates what our nodes cost).
// bench-code-routing.json Webhook -> Code (hand-written routing: license filter + round robin
//                         over a hard-coded agent list, counter in workflow static data: the way
//                         n8n users build it today) -> Respond.
// bench-code-table.json   The same Code node with the same Data Table I/O as bench-routing.json
//                         (roster and history read, assignment inserted): same I/O, only the
//                         routing logic differs.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const PKG = 'n8n-nodes-lead-routing';

/** The bench roster: who may take a Florida auto/home lead and who may not (and why). */
export const BENCH_AGENTS = [
	{ agentId: 'ana', name: 'Ana', active: true, weight: 2, residentState: 'FL', licenseStates: 'FL', linesOfAuthority: 'Personal Lines', licenseExpiresOn: '2030-12-31' },
	{ agentId: 'ben', name: 'Ben', active: true, weight: 1, residentState: 'FL', licenseStates: 'FL', linesOfAuthority: 'Property & Casualty', licenseExpiresOn: '2030-12-31' },
	{ agentId: 'cal', name: 'Cal', active: true, weight: 1, residentState: 'FL', licenseStates: 'FL', linesOfAuthority: 'Personal Lines', licenseExpiresOn: '2030-12-31' },
	{ agentId: 'dee', name: 'Dee', active: true, weight: 1, residentState: 'FL', licenseStates: 'FL', linesOfAuthority: 'Personal Lines', licenseExpiresOn: '2030-12-31' },
	// Not eligible for a Florida auto lead: licensed in Texas only / life only / expired / inactive.
	{ agentId: 'eve', name: 'Eve', active: true, weight: 3, residentState: 'TX', licenseStates: 'TX', linesOfAuthority: 'Personal Lines', licenseExpiresOn: '2030-12-31' },
	{ agentId: 'fay', name: 'Fay', active: true, weight: 3, residentState: 'FL', licenseStates: 'FL', linesOfAuthority: 'Life', licenseExpiresOn: '2030-12-31' },
	{ agentId: 'gil', name: 'Gil', active: true, weight: 3, residentState: 'FL', licenseStates: 'FL', linesOfAuthority: 'Personal Lines', licenseExpiresOn: '2020-01-31' },
	{ agentId: 'hal', name: 'Hal', active: false, weight: 3, residentState: 'FL', licenseStates: 'FL', linesOfAuthority: 'Personal Lines', licenseExpiresOn: '2030-12-31' },
];
export const ELIGIBLE_FL = ['ana', 'ben', 'cal', 'dee'];

export const AGENT_COLUMNS = [
	['agentId', 'string'], ['name', 'string'], ['active', 'boolean'], ['weight', 'number'], ['residentState', 'string'],
	['licenseStates', 'string'], ['linesOfAuthority', 'string'], ['licenseExpiresOn', 'string'],
].map(([name, type]) => ({ name, type }));

/** Log Outcome's flat row (engine/outcome/record.ts toFlatRow). */
export const HISTORY_COLUMNS = [
	['leadId', 'string'], ['agentId', 'string'], ['event', 'string'], ['at', 'string'], ['value', 'number'],
	['responseSeconds', 'number'], ['slaMet', 'boolean'], ['strategy', 'string'], ['propensity', 'number'],
	['attempt', 'number'], ['holdout', 'boolean'], ['product', 'string'], ['state', 'string'], ['channel', 'string'],
	['score', 'number'], ['lead', 'string'],
].map(([name, type]) => ({ name, type }));

let counter = 0;
const uuid = (prefix) => `${prefix}-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

function node(name, type, parameters, x, y = 0, extra = {}) {
	return { parameters, id: uuid('b0b0b0b0'), name, type, typeVersion: extra.typeVersion ?? 1, position: [x, y], ...extra, ...(extra.typeVersion ? { typeVersion: extra.typeVersion } : {}) };
}
const webhook = (path, x = 0) =>
	node('Webhook', 'n8n-nodes-base.webhook', { httpMethod: 'POST', path, responseMode: 'responseNode', options: {} }, x, 0, { typeVersion: 2.1, webhookId: uuid('b1b1b1b1') });
const respond = (name, body, x, y = 0, code = 200) =>
	node(name, 'n8n-nodes-base.respondToWebhook', { respondWith: 'json', responseBody: body, options: { responseCode: code } }, x, y, { typeVersion: 1.5 });
const table = (value) => ({ __rl: true, mode: 'name', value });
const link = (to, index = 0) => ({ node: to, type: 'main', index });

function workflow(id, name, nodes, connections) {
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, active: false };
}

function chain(names) {
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) connections[names[i]] = { main: [[link(names[i + 1])]] };
	return connections;
}

const RESPOND_LEAD = '={{ JSON.stringify({ leadId: $json.leadId ?? $(\'Webhook\').item.json.body.leadId, ok: true }) }}';

function bare() {
	counter = 100;
	return workflow('benchBare0000001', 'Bench: bare webhook', [webhook('bench-bare'), respond('Respond', RESPOND_LEAD, 300)], chain(['Webhook', 'Respond']));
}

function noops(count) {
	counter = 200 + count * 20;
	const names = Array.from({ length: count }, (_, i) => `NoOp ${i + 1}`);
	const nodes = [webhook(`bench-noop-${count}`), ...names.map((n, i) => node(n, 'n8n-nodes-base.noOp', {}, 220 * (i + 1))), respond('Respond', RESPOND_LEAD, 220 * (count + 1))];
	return workflow(`benchNoop${String(count).padStart(7, '0')}`, `Bench: ${count} NoOp nodes`, nodes, chain(['Webhook', ...names, 'Respond']));
}

/**
 * History read: every row, in insertion order, with Retry On Fail. n8n 2.41's Data Table "Get"
 * reads rows and COUNT(*) in two queries; an insert by a concurrent execution in between makes it
 * page on and throw "synchronization error: result count changed during pagination" (measured:
 * about 1 execution in 100 at 10 concurrent). A retry reads again and succeeds. Sorting newest
 * first with a limit would be worse: a row inserted between pages shifts the next page and the
 * same row is read twice (double counted). See docs/scaling.md.
 */
const historyGet = (x, y) =>
	node('Get History', 'n8n-nodes-base.dataTable', { resource: 'row', operation: 'get', dataTableId: table('bench_history'), returnAll: true }, x, y, {
		typeVersion: 1.1,
		alwaysOutputData: true,
		retryOnFail: true,
		maxTries: 5,
		waitBetweenTries: 100,
	});
const agentsGet = (x, y) =>
	node('Get Agents', 'n8n-nodes-base.dataTable', { resource: 'row', operation: 'get', dataTableId: table('bench_agents'), returnAll: true }, x, y, { typeVersion: 1.1, alwaysOutputData: true });
const historyInsert = (x, y) =>
	node('Insert Assignment', 'n8n-nodes-base.dataTable', {
		resource: 'row',
		operation: 'insert',
		dataTableId: table('bench_history'),
		columns: {
			mappingMode: 'defineBelow',
			value: Object.fromEntries(HISTORY_COLUMNS.map((c) => [c.name, `={{ $json.${c.name} }}`])),
			matchingColumns: [],
			schema: HISTORY_COLUMNS.map((c) => ({ id: c.name, displayName: c.name, required: false, defaultMatch: false, display: true, type: c.type, canBeUsedToMatch: true })),
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		},
		options: {},
	}, x, y, { typeVersion: 1.1 });

/**
 * The routing workflow's shape with our five nodes replaced by NoOps: the same two Data Table
 * reads (roster, history) and the same insert, so routing / noop-io isolates what our nodes cost.
 */
function noopIo() {
	counter = 800;
	const names = ['NoOp 1', 'NoOp 2', 'NoOp 3', 'NoOp 4', 'NoOp 5'];
	const insert = historyInsert(1320, 0);
	insert.parameters.columns.value = {
		leadId: "={{ $('Webhook').item.json.body.leadId }}",
		agentId: '=ana',
		event: '=assigned',
		at: '={{ $now.toISO() }}',
		strategy: '=noop',
	};
	const nodes = [
		webhook('bench-noop-io'),
		agentsGet(220, -400),
		historyGet(220, -250),
		...names.map((n, i) => node(n, 'n8n-nodes-base.noOp', {}, 220 * (i + 1))),
		insert,
		respond('Respond', '={{ JSON.stringify({ leadId: $json.leadId, agentId: $json.agentId, event: $json.event }) }}', 1540),
	];
	const connections = { ...chain(['Webhook', ...names, 'Insert Assignment', 'Respond']) };
	connections.Webhook = { main: [[link('Get Agents'), link('Get History'), link('NoOp 1')]] };
	return workflow('benchNoopIo00001', 'Bench: routing shape with NoOps (same Data Table I/O)', nodes, connections);
}

function routing() {
	counter = 400;
	const ours = (name, type, parameters, x, y = 0, extra = {}) => node(name, `${PKG}.${type}`, parameters, x, y, extra);
	const nodes = [
		webhook('bench-route'),
		// Above the lead path, so v1 order reads roster and history before the lead reaches them.
		agentsGet(220, -400),
		historyGet(220, -250),
		ours('Lead Normalize', 'leadNormalize', {}, 220, 0, { onError: 'continueErrorOutput' }),
		ours('Lead Score', 'leadScore', { mode: 'rules' }, 440),
		ours('License Check', 'licenseCheck', {}, 660),
		ours('Lead Match', 'leadMatch', { strategy: 'roundRobin', resetInterval: 'month', maxLead: 3, afterHours: 'waitForNextOpen', options: {} }, 880),
		ours('Log Outcome', 'logOutcome', { operation: 'log', event: 'assigned', outputShape: 'flat', tagExecution: true }, 1100),
		historyInsert(1320, 0),
		respond('Respond Assigned', '={{ JSON.stringify({ leadId: $json.leadId, agentId: $json.agentId, event: $json.event }) }}', 1540),
		respond('Respond Unassigned', '={{ JSON.stringify({ leadId: $json.leadId, unassigned: $json.unassigned ?? null }) }}', 1100, 250, 200),
		respond('Respond Not Eligible', '={{ JSON.stringify({ leadId: $json.leadId, eligibility: $json.eligibility?.status ?? null, reasons: $json.eligibility?.reasons ?? [] }) }}', 880, 400, 200),
		respond('Respond Invalid', '={{ JSON.stringify({ leadId: $json.leadId ?? null, errors: $json.errors ?? [{ message: $json.error }] }) }}', 440, 400, 422),
	];
	const connections = {
		Webhook: { main: [[link('Get Agents'), link('Get History'), link('Lead Normalize')]] },
		'Get Agents': { main: [[link('License Check', 1), link('Lead Match', 1)]] },
		'Get History': { main: [[link('Lead Match', 2)]] },
		'Lead Normalize': { main: [[link('Lead Score')], [link('Respond Invalid')], [link('Respond Invalid')]] },
		'Lead Score': { main: [[link('License Check')]] },
		'License Check': { main: [[link('Lead Match')], [link('Respond Not Eligible')], [link('Respond Not Eligible')]] },
		'Lead Match': { main: [[link('Log Outcome')], [link('Respond Unassigned')]] },
		'Log Outcome': { main: [[link('Insert Assignment')]] },
		'Insert Assignment': { main: [[link('Respond Assigned')]] },
	};
	return workflow('benchRouting0001', 'Bench: lead routing (node pipeline)', nodes, connections);
}

/**
 * The Code node users write today: contact check, state license filter, weighted round robin over a
 * hard-coded list with the counter in workflow static data (lost updates under concurrency; that
 * is the point of comparison, not a recommendation).
 */
const CODE_STATIC = `
const agents = ${JSON.stringify(BENCH_AGENTS.map(({ agentId, active, weight, licenseStates, linesOfAuthority, licenseExpiresOn }) => ({ agentId, active, weight, licenseStates, linesOfAuthority, licenseExpiresOn })))};
const body = $input.first().json.body || {};
const state = String(body.state || '').trim().toUpperCase();
const email = String(body.email || '').trim().toLowerCase();
if (!email && !body.phone) return [{ json: { leadId: body.leadId || null, error: 'no contact' } }];
const today = new Date().toISOString().slice(0, 10);
const eligible = agents.filter((a) => a.active && a.licenseStates.split(',').map((s) => s.trim()).includes(state)
  && /personal|casualty/i.test(a.linesOfAuthority) && a.licenseExpiresOn >= today);
if (eligible.length === 0) return [{ json: { leadId: body.leadId, agentId: null } }];
const data = $getWorkflowStaticData('global');
data.counts = data.counts || {};
const total = eligible.reduce((s, a) => s + a.weight, 0);
const assigned = eligible.reduce((s, a) => s + (data.counts[a.agentId] || 0), 0) + 1;
let best = null, bestShort = -Infinity;
for (const a of eligible) {
  const short = (a.weight / total) * assigned - (data.counts[a.agentId] || 0);
  if (short > bestShort) { best = a; bestShort = short; }
}
data.counts[best.agentId] = (data.counts[best.agentId] || 0) + 1;
return [{ json: { leadId: body.leadId, agentId: best.agentId, state, email, at: new Date().toISOString() } }];
`;

/** The same routing, but counts from the history Data Table (same reads and insert as ours). */
const CODE_TABLE = `
const agents = $('Get Agents').all().map((i) => i.json).filter((a) => a.agentId);
const history = $('Get History').all().map((i) => i.json).filter((r) => r.agentId && r.event === 'assigned');
const body = $('Webhook').first().json.body || {};
const state = String(body.state || '').trim().toUpperCase();
const email = String(body.email || '').trim().toLowerCase();
if (!email && !body.phone) return [{ json: { leadId: body.leadId || null, error: 'no contact' } }];
const today = new Date().toISOString().slice(0, 10);
const eligible = agents.filter((a) => a.active && String(a.licenseStates).split(',').map((s) => s.trim()).includes(state)
  && /personal|casualty/i.test(a.linesOfAuthority) && String(a.licenseExpiresOn) >= today);
if (eligible.length === 0) return [{ json: { leadId: body.leadId, agentId: null } }];
const counts = {};
for (const r of history) counts[r.agentId] = (counts[r.agentId] || 0) + 1;
const total = eligible.reduce((s, a) => s + a.weight, 0);
const assigned = eligible.reduce((s, a) => s + (counts[a.agentId] || 0), 0) + 1;
let best = null, bestShort = -Infinity;
for (const a of eligible) {
  const short = (a.weight / total) * assigned - (counts[a.agentId] || 0);
  if (short > bestShort) { best = a; bestShort = short; }
}
return [{ json: { leadId: body.leadId, agentId: best.agentId, event: 'assigned', at: new Date().toISOString(), strategy: 'codeRoundRobin', state, product: body.product || null } }];
`;

function codeRouting() {
	counter = 600;
	const nodes = [
		webhook('bench-code-route'),
		node('Route (Code)', 'n8n-nodes-base.code', { jsCode: CODE_STATIC.trim() }, 220, 0, { typeVersion: 2 }),
		respond('Respond', '={{ JSON.stringify({ leadId: $json.leadId, agentId: $json.agentId }) }}', 440),
	];
	return workflow('benchCodeRoute01', 'Bench: Code-node routing (static data)', nodes, chain(['Webhook', 'Route (Code)', 'Respond']));
}

function codeTable() {
	counter = 700;
	const nodes = [
		webhook('bench-code-table'),
		agentsGet(220, -400),
		{ ...historyGet(220, -250), executeOnce: true },
		node('Route (Code)', 'n8n-nodes-base.code', { jsCode: CODE_TABLE.trim() }, 440, 0, { typeVersion: 2 }),
		historyInsert(660, 0),
		respond('Respond', '={{ JSON.stringify({ leadId: $json.leadId, agentId: $json.agentId }) }}', 880),
	];
	// Code reads the roster and history by node name; they run first (above the lead path).
	const connections = {
		Webhook: { main: [[link('Get Agents')]] },
		'Get Agents': { main: [[link('Get History')]] },
		'Get History': { main: [[link('Route (Code)')]] },
		'Route (Code)': { main: [[link('Insert Assignment')]] },
		'Insert Assignment': { main: [[link('Respond')]] },
	};
	// Code runs once per item by default in "runOnceForAllItems" mode: it returns one item.
	return workflow('benchCodeTable01', 'Bench: Code-node routing (Data Tables)', nodes, connections);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const out = {
		'bench-bare.json': bare(),
		'bench-noop-1.json': noops(1),
		'bench-noop-8.json': noops(8),
		'bench-noop-io.json': noopIo(),
		'bench-routing.json': routing(),
		'bench-code-routing.json': codeRouting(),
		'bench-code-table.json': codeTable(),
	};
	for (const [file, json] of Object.entries(out)) writeFileSync(join(HERE, file), `${JSON.stringify(json, null, 2)}\n`);
	console.log(`wrote ${Object.keys(out).join(', ')}`);
}
