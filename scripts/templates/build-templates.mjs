// Writes the workflow templates in workflows/ from one description, so the five templates share
// their building blocks (the Data Table columns, the assignment loop) and the setup template's
// sample roster always equals workflows/samples/roster.json.
//
//   node scripts/templates/build-templates.mjs          writes the templates
//   node scripts/templates/build-templates.mjs --check  exits 1 when a template differs from what
//                                                        this script would write (CI / jest)
//
// Rules every template follows (docs/templates.md): "How it works" and "Setup" sticky notes, no
// credentials embedded (Lead Escalate names the "Lead Routing Signing" credential; n8n binds it by
// name on import when one exists), notification and CRM nodes present but disabled, with a Data
// Table write ("notifications") in their place, and state only in Data Tables (append-only logs).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PKG = 'n8n-nodes-lead-routing';
export const SIGNING_CREDENTIAL_NAME = 'Lead Routing Signing';
/** Who takes a lead nobody accepted: the fallback owner's id (an agency manager, a CRM owner). */
export const FALLBACK_AGENT_ID = 'manager';

// ---------------------------------------------------------------------------------------------
// Data Tables (names and columns). Every row also gets id, createdAt, updatedAt from n8n.
// ---------------------------------------------------------------------------------------------
export const TABLES = {
	agents: {
		name: 'agents',
		columns: [
			['agentId', 'string'], ['name', 'string'], ['email', 'string'], ['phone', 'string'],
			['active', 'boolean'], ['timezone', 'string'], ['workingHours', 'string'], ['weight', 'number'],
			['capacityPerDay', 'number'], ['capacityOpen', 'number'], ['skills', 'string'],
			['residentState', 'string'], ['agency', 'string'], ['licenses', 'string'], ['appointments', 'string'],
		],
	},
	// The append-only decision and outcome log: Log Outcome's flat rows, one per event.
	outcomes: {
		name: 'outcomes',
		columns: [
			['leadId', 'string'], ['agentId', 'string'], ['event', 'string'], ['at', 'string'], ['value', 'number'],
			['responseSeconds', 'number'], ['slaMet', 'boolean'], ['strategy', 'string'], ['propensity', 'number'],
			['attempt', 'number'], ['holdout', 'boolean'], ['product', 'string'], ['state', 'string'],
			['channel', 'string'], ['score', 'number'], ['lead', 'string'],
		],
	},
	// What a person would be sent (agent offers, review queue, fallback, reports): the stand-in for
	// the disabled Slack / Email / Twilio nodes, and a log of every notice.
	notifications: {
		name: 'notifications',
		columns: [
			['kind', 'string'], ['leadId', 'string'], ['agentId', 'string'], ['agentName', 'string'],
			['attempt', 'number'], ['acceptUrl', 'string'], ['declineUrl', 'string'], ['deadline', 'string'],
			['message', 'string'], ['detail', 'string'], ['at', 'string'],
		],
	},
	// Lead Match "Train Model" output, one row per nightly run (latest = highest id).
	models: {
		name: 'models',
		columns: [['kind', 'string'], ['trainedAt', 'string'], ['records', 'number'], ['model', 'string']],
	},
};

// ---------------------------------------------------------------------------------------------
// Small builders
// ---------------------------------------------------------------------------------------------
function uuid(...parts) {
	const h = createHash('sha1').update(parts.join('/')).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

class Workflow {
	constructor(slug, name) {
		this.slug = slug;
		this.name = name;
		this.nodes = [];
		this.connections = {};
	}
	node(name, type, typeVersion, position, parameters = {}, extra = {}) {
		const node = { parameters, id: uuid(this.slug, name), name, type, typeVersion, position, ...extra };
		if (/\.(webhook|wait)$/.test(type)) node.webhookId = uuid(this.slug, name, 'webhook');
		this.nodes.push(node);
		return name;
	}
	/** from[output] -> to[input] */
	connect(from, to, output = 0, input = 0) {
		const outs = (this.connections[from] ??= { main: [] }).main;
		while (outs.length <= output) outs.push([]);
		outs[output].push({ node: to, type: 'main', index: input });
	}
	chain(...names) {
		for (let i = 0; i + 1 < names.length; i++) this.connect(names[i], names[i + 1]);
	}
	note(name, content, position, height, width = 460, color = 5) {
		this.node(name, 'n8n-nodes-base.stickyNote', 1, position, { content, height, width, color });
	}
	toJSON() {
		return {
			name: this.name,
			nodes: this.nodes,
			connections: this.connections,
			active: false,
			settings: { executionOrder: 'v1' },
			pinData: {},
			meta: { templateCredsSetupCompleted: false },
			tags: [],
		};
	}
}

const ours = (name) => `${PKG}.${name}`;
const table = (name) => ({ __rl: true, mode: 'name', value: name });
const signing = { leadRoutingSigningApi: { id: null, name: SIGNING_CREDENTIAL_NAME } };

function createTable(wf, name, spec, position) {
	return wf.node(name, 'n8n-nodes-base.dataTable', 1.1, position, {
		resource: 'table',
		operation: 'create',
		tableName: spec.name,
		columns: { column: spec.columns.map(([column, type]) => ({ name: column, type })) },
		options: { createIfNotExists: true },
	});
}

/**
 * Data Table "get" of every row (or what `query` asks: limit, order), once per execution; Always
 * Output Data so an empty table still lets the run go on; Retry On Fail because n8n 2.41.1's paged
 * read throws "result count changed during pagination" when another execution inserts a row
 * meanwhile (docs/scaling.md).
 */
function getRows(wf, name, spec, position, query = { returnAll: true }) {
	return wf.node(
		name,
		'n8n-nodes-base.dataTable',
		1.1,
		position,
		{ resource: 'row', operation: 'get', dataTableId: table(spec.name), ...query },
		{ alwaysOutputData: true, executeOnce: true, retryOnFail: true, maxTries: 5, waitBetweenTries: 100 },
	);
}

function schemaOf(spec, only) {
	return spec.columns
		.filter(([column]) => !only || only.includes(column))
		.map(([column, type]) => ({
			id: column, displayName: column, required: false, defaultMatch: false, display: true, type, canBeUsedToMatch: true,
		}));
}

/** Insert the item as it is (its keys are exactly the table's columns, e.g. a Log Outcome flat row). */
function insertAuto(wf, name, spec, position) {
	return wf.node(name, 'n8n-nodes-base.dataTable', 1.1, position, {
		resource: 'row',
		operation: 'insert',
		dataTableId: table(spec.name),
		columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: schemaOf(spec), attemptToConvertTypes: false, convertFieldsToString: false },
		options: {},
	});
}

/** Insert a notifications row with the given column expressions (unset columns stay empty). */
function insertNotice(wf, name, position, value) {
	const spec = TABLES.notifications;
	return wf.node(name, 'n8n-nodes-base.dataTable', 1.1, position, {
		resource: 'row',
		operation: 'insert',
		dataTableId: table(spec.name),
		columns: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: schemaOf(spec, Object.keys(value)), attemptToConvertTypes: false, convertFieldsToString: false },
		options: {},
	});
}

function respond(wf, name, position, code, body) {
	return wf.node(name, 'n8n-nodes-base.respondToWebhook', 1.5, position, {
		respondWith: 'json',
		responseBody: `={{ JSON.stringify(${body}) }}`,
		options: { responseCode: code },
	});
}

/** Answers a lead that already has an agent: 200 with the agent of its first "assigned" row (the lowest id) among `rows`. */
/**
 * Answers a lead that was routed before with the agent holding it now: the "assigned" row of the
 * highest attempt (an escalation logs one for each new agent, attempt 2, 3...), not the first,
 * whose agent may have declined it. Among attempt-1 rows the lowest id is the claim's winner: the
 * others are copies of the same delivery being taken back (First Assignment?).
 */
function respondAlreadyRouted(wf, name, position, rows, leadId) {
	return respond(wf, name, position, 200, `(() => {
		const rows = ${rows}.sort((a, b) => a.id - b.id);
		const first = rows[0] ?? {};
		const holder = rows.reduce((best, row) => (Number(row.attempt ?? 1) > Number(best.attempt ?? 1) ? row : best), first);
		return { status: 'alreadyRouted', leadId: ${leadId}, agentId: holder.agentId ?? null, assignedAt: first.at ?? null, heldSince: holder.at ?? null };
	})()`);
}

function setJson(wf, name, position, expression, extra = {}) {
	return wf.node(name, 'n8n-nodes-base.set', 3.4, position, { mode: 'raw', jsonOutput: `={{ JSON.stringify(${expression}) }}`, options: {} }, extra);
}

function logOutcome(wf, name, position, parameters = {}) {
	return wf.node(name, ours('logOutcome'), 1, position, parameters);
}

/**
 * How far back the routing templates read the outcomes log for each lead. Lead Match looks no
 * further back than this with its defaults: this month's round-robin counts (Reset Interval Month,
 * at most 31 days), open leads (30 days), sticky owners (30 days) and redelivered lead ids; the
 * extra two weeks tell an agent who has been taking leads all along from one who joined this month
 * (calibration). Reading every row instead made each lead's read, Lead Match's parse and the saved
 * execution grow with the whole log, for ever (BENCHMARKS.md, "History read per lead"). The nightly
 * template still reads the whole log, once a night, and trains the model the routing uses.
 */
const HISTORY_DAYS = 45;

const HISTORY_WINDOW_NOTE = `**Get History** reads the last ${HISTORY_DAYS} days of **outcomes** for each lead: all Lead Match needs with its defaults, and it keeps each lead fast as the log grows. If you set Lead Match's **Reset Interval** to All Time or a **Sticky Window** above ${HISTORY_DAYS - 14} days, raise the ${HISTORY_DAYS} in Get History's condition.`;

/** Get History's query: every event whose `at` is within the last HISTORY_DAYS days. */
function recentHistory() {
	return {
		matchType: 'allConditions',
		// Log Outcome writes `at` as a UTC instant (2026-12-04T09:30:00.000Z), so text order is time order.
		filters: { conditions: [{ keyName: 'at', condition: 'gte', keyValue: `={{ $now.toUTC().minus({ days: ${HISTORY_DAYS} }).toISO() }}` }] },
		returnAll: true,
	};
}

/** The newest row of models of one kind (highest id), or an empty item when there is none yet. */
function latestModel(wf, name, kind, position) {
	return getRows(wf, name, TABLES.models, position, {
		matchType: 'allConditions',
		filters: { conditions: [{ keyName: 'kind', condition: 'eq', keyValue: kind }] },
		limit: 1,
		orderBy: true,
		orderByColumn: 'id',
		orderByDirection: 'DESC',
	});
}

/** Appends a Train Model output (Lead Match's or Lead Score's) to models, tagged with its kind. */
function saveModel(wf, name, kind, position) {
	return wf.node(name, 'n8n-nodes-base.dataTable', 1.1, position, {
		resource: 'row',
		operation: 'insert',
		dataTableId: table(TABLES.models.name),
		columns: {
			mappingMode: 'defineBelow',
			value: { kind: `=${kind}`, trainedAt: '={{ $now.toUTC().toISO() }}', records: '={{ $json.outcomes }}', model: '={{ JSON.stringify($json.model) }}' },
			matchingColumns: [],
			schema: schemaOf(TABLES.models),
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		},
		options: {},
	});
}

/** Lead Normalize -> Lead Score -> (agents, history) -> License Check -> Lead Match, with every side exit visible. */
function routeLead(wf, { trigger, x, normalize = {}, licenseOptions = {}, notes }) {
	const y = 300;
	wf.node('Lead Normalize', ours('leadNormalize'), 1, [x, y], {
		...normalize,
		options: { requireState: true, ...(normalize.options ?? {}) },
	}, { onError: 'continueErrorOutput' });
	// Lead Score scores with the newest model the nightly template stored (a fresh install has none:
	// then by the rules, and the reasons say so). Latest Score Model is wired to Lead Score's second
	// input only so that it is read first: the model itself comes in through the Model parameter.
	latestModel(wf, 'Latest Score Model', 'leadScore', [x + 240, y + 100]);
	wf.node('Lead Score', ours('leadScore'), 1, [x + 240, y - 100], {
		mode: 'learned',
		learnFrom: 'storedModel',
		model: "={{ $('Latest Score Model').first().json.model ?? '' }}",
	});
	// History first, then agents: License Check waits for the agents, so by the time a lead leaves
	// it, the history has been read too (Already Routed? looks in it).
	getRows(wf, 'Get History', TABLES.outcomes, [x + 480, y + 100], recentHistory());
	latestModel(wf, 'Latest Model', 'leadMatch', [x + 600, y + 280]);
	getRows(wf, 'Get Agents', TABLES.agents, [x + 720, y + 200]);
	wf.node('License Check', ours('licenseCheck'), 1, [x + 720, y - 100], { options: licenseOptions });
	// Learned: the newest model the nightly template stored; on a fresh install there is none and
	// the learner reads History itself, which with no outcomes yet is exactly round robin.
	wf.node('Lead Match', ours('leadMatch'), 1, [x + 1200, y - 60], {
		strategy: 'learned',
		options: { model: "={{ $('Latest Model').first().json.model ?? '' }}" },
	});
	wf.connect(trigger, 'Lead Normalize');
	wf.connect('Lead Normalize', 'Lead Score', 0);
	wf.connect('Lead Normalize', 'Latest Score Model', 0);
	wf.connect('Latest Score Model', 'Lead Score', 0, 1);
	wf.connect('Lead Score', 'License Check', 0, 0);
	wf.connect('Lead Score', 'Get History');
	wf.connect('Get History', 'Latest Model');
	wf.connect('Latest Model', 'Get Agents');
	wf.connect('Get Agents', 'License Check', 0, 1);
	wf.connect('Get Agents', 'Lead Match', 0, 1);
	wf.connect('Get History', 'Lead Match', 0, 2);
	// A lead delivered again (a vendor retry, a timeout on the caller's side) keeps its first
	// assignment instead of being routed twice: its leadId already has an "assigned" row.
	wf.node('Already Routed?', 'n8n-nodes-base.if', 2.2, [x + 960, y - 100], {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [{
				id: uuid(wf.slug, 'alreadyRouted'),
				leftValue: `={{ $('Get History').all().some(row => row.json.leadId === $json.leadId && row.json.event === 'assigned') }}`,
				rightValue: true,
				operator: { type: 'boolean', operation: 'true', singleValue: true },
			}],
			combinator: 'and',
		},
		looseTypeValidation: true,
		options: {},
	});
	wf.connect('License Check', 'Already Routed?', 0);
	wf.connect('Already Routed?', 'Lead Match', 1, 0);
	respondAlreadyRouted(wf, 'Respond Already Routed', [x + 1200, y - 300],
		`$('Get History').all().map(row => row.json).filter(row => row.leadId === $json.leadId && row.event === 'assigned')`, '$json.leadId');
	wf.connect('Already Routed?', 'Respond Already Routed', 0);

	// Side exits: each writes a notifications row (the review queue) and answers the request.
	const exits = [
		// [from node, output, kind, HTTP status, detail expression]
		['Lead Normalize', 1, 'invalid', 422, '$json.errors'],
		['Lead Normalize', 2, 'unusable', 422, '[{ field: $json.details?.field ?? "body", code: $json.details?.code ?? "unusableInput", message: $json.error }]'],
		// `?.` and `$json.error`: with On Error "continue (regular output)" an item the node could not
		// check arrives here as {error, details} only, and must still reach a person.
		['License Check', 1, 'noEligibleAgent', 202, '$json.eligibility?.excluded ?? $json.error'],
		['License Check', 2, 'needsReview', 202, '$json.eligibility?.reasons ?? $json.eligibility ?? $json.error'],
		['Lead Match', 1, 'unassigned', 202, '$json.unassigned?.reasons ?? $json.error'],
	];
	exits.forEach(([from, output, kind, code, detail], i) => {
		const ey = y + 420 + i * 180;
		const title = kind.charAt(0).toUpperCase() + kind.slice(1);
		const noticeName = `Notice: ${title}`;
		insertNotice(wf, noticeName, [x + 480 + 240 * (i > 1 ? 1 : 0), ey], {
			kind: `=${kind}`,
			leadId: '={{ $json.leadId ?? "" }}',
			message: `={{ "Lead " + ($json.leadId ?? "(unreadable)") + ": ${kind}" }}`,
			detail: `={{ JSON.stringify(${detail} ?? null) }}`,
			at: '={{ $now.toUTC().toISO() }}',
		});
		respond(wf, `Respond ${title}`, [x + 720 + 240 * (i > 1 ? 1 : 0), ey], code, `{ status: $json.kind, leadId: $json.leadId || null, reasons: JSON.parse($json.detail || "null") }`);
		wf.connect(from, noticeName, output);
		wf.connect(noticeName, `Respond ${title}`);
	});
	return { matched: 'Lead Match', x: x + 1200, y: y - 60, notes };
}

/**
 * Two deliveries of the same lead that run at the same time both pass Already Routed? (each reads
 * History before the other writes) and both get an agent. Data Tables have no unique key, so the
 * assignment row is written first and then read back: of the lead's "assigned" rows the one with
 * the lowest id wins. The others delete their own row and answer with the winner's agent, before
 * anyone is offered the lead. Every execution reads after its own insert, so they agree on who was
 * first. (On n8n's default SQLite rows are numbered in commit order, so there is exactly one
 * winner; on Postgres two inserts could commit out of id order within the same millisecond.)
 */
function keepFirstAssignment(wf, { x, y }) {
	const spec = TABLES.outcomes;
	const ownRowId = `$('Save Assigned').first().json.id`;
	wf.node('Assignments of Lead', 'n8n-nodes-base.dataTable', 1.1, [x, y], {
		resource: 'row',
		operation: 'get',
		dataTableId: table(spec.name),
		matchType: 'allConditions',
		filters: { conditions: [
			{ keyName: 'leadId', condition: 'eq', keyValue: `={{ $('Lead Match').first().json.leadId }}` },
			{ keyName: 'event', condition: 'eq', keyValue: 'assigned' },
		] },
		returnAll: true,
	}, { alwaysOutputData: true, executeOnce: true, retryOnFail: true, maxTries: 5, waitBetweenTries: 100 });
	wf.node('First Assignment?', 'n8n-nodes-base.if', 2.2, [x + 240, y], {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [{
				id: uuid(wf.slug, 'firstAssignment'),
				leftValue: `={{ Math.min(${ownRowId}, ...$('Assignments of Lead').all().map(row => row.json.id).filter(id => id !== undefined)) === ${ownRowId} }}`,
				rightValue: true,
				operator: { type: 'boolean', operation: 'true', singleValue: true },
			}],
			combinator: 'and',
		},
		looseTypeValidation: true,
		options: {},
	}, { executeOnce: true });
	wf.chain('Save Assigned', 'Assignments of Lead', 'First Assignment?');
	// The winner goes on with the lead as Lead Match decided it.
	setJson(wf, 'Assigned Lead', [x + 480, y + 60], `$('Lead Match').first().json`);
	wf.connect('First Assignment?', 'Assigned Lead', 0);
	// A duplicate takes its row back and answers like a lead that was already routed.
	wf.node('Retract Duplicate', 'n8n-nodes-base.dataTable', 1.1, [x + 480, y - 160], {
		resource: 'row',
		operation: 'deleteRows',
		dataTableId: table(spec.name),
		filters: { conditions: [{ keyName: 'id', condition: 'eq', keyValue: `={{ ${ownRowId} }}` }] },
		options: {},
	}, { alwaysOutputData: true, executeOnce: true, retryOnFail: true, maxTries: 5, waitBetweenTries: 100 });
	wf.connect('First Assignment?', 'Retract Duplicate', 1);
	respondAlreadyRouted(wf, 'Respond Routed Meanwhile', [x + 720, y - 160],
		`$('Assignments of Lead').all().map(row => row.json).filter(row => row.id !== undefined)`, `$('Lead Match').first().json.leadId`);
	wf.connect('Retract Duplicate', 'Respond Routed Meanwhile');
}

/**
 * The assignment loop after Lead Match: log "assigned", answer the request, offer the lead to the
 * agent (notifications row + disabled Slack / Email / Twilio), wait for the accept or decline link
 * (limited to the SLA), verify the click, escalate, and log every outcome.
 */
function assignmentLoop(wf, { trigger, x, y }) {
	const slaOverride = `={{ Number($('${trigger}').first().json.query?.slaSeconds || 0) / 60 }}`;
	const escalateParams = {
		responseBaseUrl: '={{ $execution.resumeUrl }}',
		maxAttempts: 3,
		fallbackAgentId: FALLBACK_AGENT_ID,
		options: {
			slaMinutesOverride: slaOverride,
			expiryToleranceSeconds: `={{ $('${trigger}').first().json.query?.slaSeconds ? 1 : 5 }}`,
		},
	};
	logOutcome(wf, 'Log Assigned', [x + 240, y - 200]);
	insertAuto(wf, 'Save Assigned', TABLES.outcomes, [x + 480, y - 200]);
	wf.chain('Lead Match', 'Log Assigned', 'Save Assigned');
	keepFirstAssignment(wf, { x: x + 720, y: y - 200 });
	// Everything after the claim sits to its right.
	x += 1200;
	wf.node('Offer Lead', ours('leadEscalate'), 1, [x + 240, y + 60], {
		...escalateParams,
		options: { ...escalateParams.options, expiryToleranceSeconds: 0 },
	}, { credentials: signing });
	wf.connect('Assigned Lead', 'Offer Lead');
	respond(wf, 'Respond Assigned', [x + 480, y + 60], 200, `{
		status: 'assigned', leadId: $json.leadId, agentId: $json.assignment.agentId, agentName: $json.assignment.agentName,
		strategy: $json.assignment.strategy, attempt: $json.assignment.attempt, deadline: $json.escalation.deadline,
		state: $json.state, product: $json.product, score: $json.score?.value ?? null, tier: $json.score?.tier ?? null,
		eligibleAgentIds: $json.eligibility?.eligibleAgentIds ?? [], executionId: $execution.id }`);
	wf.connect('Offer Lead', 'Respond Assigned', 3);
	wf.node('Current Offer', 'n8n-nodes-base.noOp', 1, [x + 720, y + 60]);
	wf.connect('Respond Assigned', 'Current Offer');

	// Notify the agent: one notifications row always, plus the real channels once enabled. License
	// Check's warnings about this agent (an appointment to file under just-in-time rules, a license
	// about to expire) go into the message, so whoever takes the lead also sees what to do.
	setJson(wf, 'Offer Message', [x + 960, y - 140], `(() => {
		const agent = $('Get Agents').all().map(i => i.json).find(a => a.agentId === $json.assignment.agentId) ?? {};
		const notes = ($json.eligibility?.warnings ?? []).filter(w => w.agentId === $json.assignment.agentId).map(w => w.message);
		return {
			kind: 'offer', leadId: $json.leadId, agentId: $json.assignment.agentId, agentName: $json.assignment.agentName ?? agent.name ?? '',
			agentEmail: agent.email ?? '', agentPhone: agent.phone ?? '', attempt: $json.assignment.attempt,
			acceptUrl: $json.escalation.acceptUrl, declineUrl: $json.escalation.declineUrl, deadline: $json.escalation.deadline,
			message: 'New ' + ($json.product ?? '') + ' lead in ' + ($json.state ?? '?') + ' (tier ' + ($json.score?.tier ?? '?') + '): '
				+ ($json.fullName ?? '') + '. Accept by ' + $json.escalation.deadline + ': ' + $json.escalation.acceptUrl + ' Decline: ' + $json.escalation.declineUrl
				+ (notes.length ? ' Note: ' + notes.join('; ') : ''),
		};
	})()`);
	wf.connect('Current Offer', 'Offer Message');
	insertNotice(wf, 'Save Offer Notice', [x + 1200, y - 300], {
		kind: '={{ $json.kind }}', leadId: '={{ $json.leadId }}', agentId: '={{ $json.agentId }}', agentName: '={{ $json.agentName }}',
		attempt: '={{ $json.attempt }}', acceptUrl: '={{ $json.acceptUrl }}', declineUrl: '={{ $json.declineUrl }}',
		deadline: '={{ $json.deadline }}', message: '={{ $json.message }}', at: '={{ $now.toUTC().toISO() }}',
	});
	wf.node('Slack Offer', 'n8n-nodes-base.slack', 2.3, [x + 1200, y - 140], {
		select: 'user', user: { __rl: true, mode: 'username', value: '={{ $json.agentEmail }}' },
		text: '={{ $json.message }}', otherOptions: {},
	}, { disabled: true });
	wf.node('Email Offer', 'n8n-nodes-base.emailSend', 2.1, [x + 1200, y], {
		fromEmail: 'leads@your-agency.example', toEmail: '={{ $json.agentEmail }}',
		subject: '=New lead {{ $json.leadId }}: accept by {{ $json.deadline }}', emailFormat: 'text', text: '={{ $json.message }}', options: {},
	}, { disabled: true });
	wf.node('SMS Offer', 'n8n-nodes-base.twilio', 1, [x + 1200, y + 140], {
		from: '+15555550100', to: '={{ $json.agentPhone }}', message: '={{ $json.message }}', options: {},
	}, { disabled: true });
	for (const channel of ['Save Offer Notice', 'Slack Offer', 'Email Offer', 'SMS Offer']) wf.connect('Offer Message', channel);

	// Wait for a click on the accept/decline link (the link is $execution.resumeUrl), at most until the deadline.
	wf.node('Wait for Answer', 'n8n-nodes-base.wait', 1.1, [x + 960, y + 360], {
		resume: 'webhook',
		httpMethod: 'GET',
		responseMode: 'responseNode',
		limitWaitTime: true,
		limitType: 'afterTimeInterval',
		resumeAmount: '={{ Math.max(1, Math.ceil((new Date($json.escalation.deadline).getTime() - Date.now()) / 1000)) }}',
		resumeUnit: 'seconds',
		options: {},
	});
	wf.connect('Current Offer', 'Wait for Answer');
	// The lead as offered, plus the click (if the Wait was resumed by one rather than by its time limit).
	setJson(wf, 'Lead After Wait', [x + 1200, y + 360], `Object.assign({}, $('Current Offer').last().json, {
		response: undefined, verification: undefined,
		clicked: $json.query !== undefined && $json.headers !== undefined, clickToken: $json.query?.token ?? '' })`);
	wf.connect('Wait for Answer', 'Lead After Wait');
	wf.node('Clicked?', 'n8n-nodes-base.if', 2.2, [x + 1440, y + 360], {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [{ id: uuid(wf.slug, 'clicked'), leftValue: '={{ $json.clicked }}', rightValue: true, operator: { type: 'boolean', operation: 'true', singleValue: true } }],
			combinator: 'and',
		},
		looseTypeValidation: true,
		options: {},
	});
	wf.connect('Lead After Wait', 'Clicked?');
	wf.node('Verify Click', ours('leadEscalate'), 1, [x + 1680, y + 260], {
		operation: 'verifyResponse', responseLink: '={{ $json.clickToken }}',
	}, { credentials: signing });
	wf.connect('Clicked?', 'Verify Click', 0);
	respond(wf, 'Respond Rejected', [x + 1920, y + 560], 403, `{ status: 'rejected', code: $json.verification?.code ?? null, leadId: $json.leadId }`);
	wf.connect('Verify Click', 'Respond Rejected', 1);
	// A rejected click (forged, stale, superseded) does not end the offer: keep waiting until the deadline.
	wf.connect('Respond Rejected', 'Wait for Answer');

	wf.node('Escalate', ours('leadEscalate'), 1, [x + 1920, y + 340], {
		...escalateParams,
		response: '={{ $json.response ?? "" }}',
	}, { credentials: signing });
	wf.connect('Verify Click', 'Escalate', 0);
	wf.connect('Clicked?', 'Escalate', 1);
	// The roster as it is now, on every pass: Escalate re-checks who is working, out of office or
	// inactive before offering the lead to the next agent, and when nobody is open it waits for the
	// first to open. Without it Escalate trusted the rank made when the lead arrived.
	getRows(wf, 'Agents Now', TABLES.agents, [x + 1680, y + 480]);
	wf.connect('Verify Click', 'Agents Now', 0);
	wf.connect('Clicked?', 'Agents Now', 1);
	wf.connect('Agents Now', 'Escalate', 0, 1);
	// Woke before the deadline: wait for the rest of it.
	wf.connect('Escalate', 'Wait for Answer', 3);

	// Accepted: CRM owner, outcome row, answer the click.
	const ax = x + 2160;
	wf.node('HubSpot Owner', 'n8n-nodes-base.hubspot', 2.1, [ax, y + 60], {
		resource: 'contact', operation: 'upsert', email: '={{ $json.email }}',
		additionalFields: { contactOwner: '={{ $json.assignment.agentId }}', leadStatus: 'IN_PROGRESS' },
	}, { disabled: true });
	logOutcome(wf, 'Log Accepted', [ax + 240, y + 60], { tagExecution: true });
	insertAuto(wf, 'Save Accepted', TABLES.outcomes, [ax + 480, y + 60]);
	respond(wf, 'Respond Accepted', [ax + 720, y + 60], 200, `{ status: 'accepted', leadId: $json.leadId, agentId: $json.agentId, attempt: $json.attempt }`);
	wf.connect('Escalate', 'HubSpot Owner', 0);
	wf.chain('HubSpot Owner', 'Log Accepted', 'Save Accepted', 'Respond Accepted');

	// Reassigned / Exhausted: log what the last agent did (declined / expired) and the new holder.
	logOutcome(wf, 'Log Lapse', [ax + 240, y + 300], {
		event: '={{ $json.escalation.history[$json.escalation.history.length - 1].outcome }}',
		agentId: '={{ $json.escalation.history[$json.escalation.history.length - 1].agentId }}',
		eventTime: '={{ $json.escalation.history[$json.escalation.history.length - 1].at }}',
	});
	insertAuto(wf, 'Save Lapse', TABLES.outcomes, [ax + 480, y + 300]);
	logOutcome(wf, 'Log Handoff', [ax + 240, y + 460], { event: 'assigned' });
	insertAuto(wf, 'Save Handoff', TABLES.outcomes, [ax + 480, y + 460]);
	wf.chain('Log Lapse', 'Save Lapse');
	wf.chain('Log Handoff', 'Save Handoff');
	wf.connect('Escalate', 'Log Lapse', 1);
	wf.connect('Escalate', 'Log Handoff', 1);
	// Exhausted: log the lapse when there was an offer (an item Escalate could not handle, sent here
	// by "continue (regular output)", has none), and an "assigned" row only when a fallback owner took
	// the lead. Left to a queue (or to nobody) the lead keeps its last agent on the assignment, and an
	// "assigned" row or a CRM owner update would hand it back to who let it lapse.
	filterNode(wf, 'Lapse to Log?', [ax, y + 300], '={{ $json.escalation?.history?.length ?? 0 }}', { type: 'number', operation: 'gt' }, 0);
	wf.connect('Escalate', 'Lapse to Log?', 2);
	wf.connect('Lapse to Log?', 'Log Lapse');
	filterNode(wf, 'Fallback Owner Took It?', [ax, y + 460], '={{ $json.escalation?.fallback?.agentId ?? "" }}', { type: 'string', operation: 'notEmpty', singleValue: true }, '');
	wf.connect('Escalate', 'Fallback Owner Took It?', 2);
	wf.connect('Fallback Owner Took It?', 'Log Handoff');
	wf.node('HubSpot Fallback Owner', 'n8n-nodes-base.hubspot', 2.1, [ax + 720, y + 460], {
		resource: 'contact', operation: 'upsert', email: '={{ $json.email }}',
		additionalFields: { contactOwner: '={{ $json.assignment.agentId }}' },
	}, { disabled: true });
	wf.connect('Fallback Owner Took It?', 'HubSpot Fallback Owner');
	// Reassigned: answer a decline click, then offer the lead to the next agent (back to the top of the loop).
	respond(wf, 'Respond Reassigned', [ax, y + 620], 200, `{ status: 'reassigned', leadId: $json.leadId, agentId: $json.assignment.agentId, attempt: $json.assignment.attempt, previousAgentIds: $json.assignment.previousAgentIds }`);
	wf.connect('Escalate', 'Respond Reassigned', 1);
	wf.connect('Respond Reassigned', 'Current Offer');
	// Exhausted: a notice saying who has the lead now (the fallback owner, the queue, or nobody), and the answer.
	insertNotice(wf, 'Notice: Fallback', [ax, y + 780], {
		kind: '=fallback', leadId: '={{ $json.leadId ?? "" }}', agentId: '={{ $json.escalation?.fallback?.agentId ?? "" }}', attempt: '={{ $json.assignment?.attempt ?? null }}',
		message: `={{ (() => {
			if ($json.error) return 'Lead ' + ($json.leadId ?? '(unreadable)') + ' could not be escalated: ' + $json.error;
			const fallback = $json.escalation?.fallback ?? {};
			const to = fallback.agentId ? 'it goes to ' + fallback.agentId : fallback.queue ? 'it goes to the queue ' + fallback.queue : 'nobody owns it now: a person must pick it up';
			return 'Nobody accepted lead ' + $json.leadId + ' after ' + ($json.escalation?.history?.length ?? 0) + ' offers: ' + to;
		})() }}`,
		detail: '={{ JSON.stringify($json.escalation?.history ?? $json.details ?? null) }}', at: '={{ $now.toUTC().toISO() }}',
	});
	wf.connect('Escalate', 'Notice: Fallback', 2);
	respond(wf, 'Respond Exhausted', [ax + 240, y + 780], 200, `{ status: 'exhausted', leadId: $json.leadId, agentId: $json.agentId || null }`);
	wf.connect('Notice: Fallback', 'Respond Exhausted');
}

/** A Filter node passing the items whose `left` value satisfies `operator` against `right`. */
function filterNode(wf, name, position, left, operator, right) {
	return wf.node(name, 'n8n-nodes-base.filter', 2.2, position, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [{ id: uuid(wf.slug, name), leftValue: left, rightValue: right, operator }],
			combinator: 'and',
		},
		looseTypeValidation: true,
		options: {},
	});
}

// ---------------------------------------------------------------------------------------------
// The templates
// ---------------------------------------------------------------------------------------------
export function rosterRows(roster) {
	return roster.agents.map((agent) => ({
		...agent,
		licenses: JSON.stringify(agent.licenses ?? []),
		appointments: JSON.stringify(agent.appointments ?? []),
	}));
}

function setupDataTables(roster) {
	const wf = new Workflow('setup-data-tables', 'Lead routing: set up the Data Tables and the sample roster');
	wf.note('How it works', `## How it works
Creates the Data Tables the lead-routing templates use, if they are missing (safe to run again):
- **agents**: the roster. One row per agent; \`licenses\` and \`appointments\` are JSON text.
- **outcomes**: the append-only log of every routing event (Log Outcome flat rows): assigned, accepted, declined, expired, won, lost... Lead Match and Lead Score learn from it; the report reads it.
- **notifications**: what would be sent to people (agent offers with accept/decline links, the review queue, fallbacks, reports).
- **models**: Lead Match and Lead Score models trained nightly (the nightly template writes them; \`kind\` says which).

Then it writes the **sample roster** (10 agents in FL, GA, TX, CA, NY, NC) into **agents**, upserted by \`agentId\`: running it twice never duplicates an agent.`, [-700, -260], 420);
	wf.note('Setup', `## Setup
1. Install **n8n-nodes-lead-routing** (Settings > Community nodes).
2. Open this workflow and click **Execute workflow** once. It does not need publishing (the **Run Setup** webhook is only for scripted installs).
3. Put your own agents in the **agents** table (Overview > Data tables), or edit **Sample Roster** and run again. To stop writing sample agents, delete **Sample Roster** and the nodes after it.

Sample agents are overwritten by this workflow on every run (same \`agentId\`).`, [-700, 200], 360, 460, 4);
	wf.node('Run Setup Manually', 'n8n-nodes-base.manualTrigger', 1, [-180, 0]);
	wf.node('Run Setup', 'n8n-nodes-base.webhook', 2.1, [-180, 200], { httpMethod: 'POST', path: 'lead-routing-setup', responseMode: 'responseNode', options: {} });
	const names = ['agents', 'outcomes', 'notifications', 'models'].map((key, i) =>
		createTable(wf, `Create ${key}`, TABLES[key], [60 + i * 220, 100]));
	wf.connect('Run Setup Manually', names[0]);
	wf.connect('Run Setup', names[0]);
	wf.chain(...names);
	wf.node('Sample Roster', 'n8n-nodes-base.set', 3.4, [940, 100], {
		mode: 'raw',
		jsonOutput: JSON.stringify({ agents: rosterRows(roster) }, null, 2),
		options: {},
	}, { executeOnce: true });
	wf.node('One Item per Agent', 'n8n-nodes-base.splitOut', 1, [1160, 100], { fieldToSplitOut: 'agents', options: {} });
	wf.node('Upsert Agent', 'n8n-nodes-base.dataTable', 1.1, [1380, 100], {
		resource: 'row',
		operation: 'upsert',
		dataTableId: table('agents'),
		filters: { conditions: [{ keyName: 'agentId', condition: 'eq', keyValue: '={{ $json.agentId }}' }] },
		columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: schemaOf(TABLES.agents), attemptToConvertTypes: false, convertFieldsToString: false },
		options: {},
	});
	respond(wf, 'Respond Setup', [1600, 100], 200, `{ tables: ['agents', 'outcomes', 'notifications', 'models'], agents: $input.all().map(i => i.json.agentId) }`);
	wf.chain(names[3], 'Sample Roster', 'One Item per Agent', 'Upsert Agent', 'Respond Setup');
	return wf;
}

function inboundLeadRouting() {
	const wf = new Workflow('inbound-lead-routing', 'Lead routing: inbound lead to the right licensed agent');
	wf.note('How it works', `## How it works
1. **Inbound Lead** receives any lead (form, landing page, Zapier, vendor). **Lead Normalize** makes it one canonical lead; **Lead Score** scores it (tier and SLA) with the newest model the nightly template stored (**Latest Score Model**), or by its rules until there is one.
2. **License Check** keeps only agents licensed for the lead's state and product (roster from the **agents** Data Table); a lead delivered again keeps its first agent (**Already Routed?**; copies arriving at the same moment: **First Assignment?** after the write); **Lead Match** picks the agent most likely to close it (Learned: the newest model the nightly template stored in **models**, **Latest Model**; until there is one and enough outcomes, weighted round robin; 10% of leads stay on round robin to measure the lift).
3. The decision is logged (**Log Assigned** -> outcomes) and the request is answered right away (200 with the agent). Invalid leads get 422; leads nobody may take, that need review or that nobody can take now get 202, and a **notifications** row for your review queue.
4. **Offer Lead** signs accept/decline links (they point at this execution's resume URL). The offer goes to the agent (notifications row; Slack / Email / SMS once enabled), then **Wait for Answer** waits until the SLA deadline.
5. A click is verified (**Verify Click**: forged, stale or superseded links get 403 and the wait goes on). **Escalate**: Accepted -> CRM owner + "accepted" row; declined or no answer -> the next eligible agent (never a previous one; working now per **Agents Now**, or else the first to open, whose time starts then), up to 3 offers; then the fallback owner (\`${FALLBACK_AGENT_ID}\`).

Every event is a row in **outcomes** (append-only, safe for many workers). Nothing is kept in workflow static data.`, [-760, -420], 560, 520);
	wf.note('Setup', `## Setup
1. Install **n8n-nodes-lead-routing**; run **Lead routing: set up the Data Tables** once.
2. Create a **Lead Routing Signing API** credential named **${SIGNING_CREDENTIAL_NAME}** (a random secret, 32+ characters) *before* importing, or select it in **Offer Lead**, **Verify Click** and **Escalate**.
3. Set **Fallback Agent ID** on **Offer Lead** and **Escalate** (now \`${FALLBACK_AGENT_ID}\`).
4. Enable the channels you use: **Slack Offer**, **Email Offer**, **SMS Offer** (credentials + sender), and **HubSpot Owner** / **HubSpot Fallback Owner** (HubSpot owner ids = agent ids). The **notifications** rows keep being written either way.
5. Publish. Post leads to \`POST <n8n>/webhook/inbound-lead\`.

**History window:** ${HISTORY_WINDOW_NOTE}

**Demo mode:** \`?slaSeconds=20\` on the webhook URL gives every agent 20 seconds instead of the score's SLA. Remove it from the Escalate nodes' **SLA Override** for production if you do not want callers to choose it. n8n looks for due waits once a minute: SLAs of a minute or more lapse on time, shorter demo SLAs up to ~60 s late.`, [-760, 180], 600, 520, 4);
	wf.node('Inbound Lead', 'n8n-nodes-base.webhook', 2.1, [-180, 300], { httpMethod: 'POST', path: 'inbound-lead', responseMode: 'responseNode', options: {} });
	const routed = routeLead(wf, { trigger: 'Inbound Lead', x: 60 });
	assignmentLoop(wf, { trigger: 'Inbound Lead', x: routed.x, y: routed.y });
	return wf;
}

function insuranceAggregatorIntake() {
	const wf = new Workflow('insurance-aggregator-intake', 'Lead routing: insurance aggregator ping/post feed');
	wf.note('How it works', `## How it works
For lead vendors and comparison sites (EverQuote, MediaAlpha, SmartFinancial...) that **post** leads as \`lead_type\`, \`driver1_*\`, \`vehicle1_*\`, \`tcpa_*\` fields.
1. **Lead Normalize** reads the vendor's format (Insurance Ping/Post preset; state required), **Lead Score** scores it (the nightly model, **Latest Score Model**, or its rules until there is one).
2. **License Check** has **Require Appointment** on: when the lead names a carrier (\`requested_carrier\`), only agents appointed with that carrier in the lead's state qualify. In states where your carriers allow just-in-time appointment, list them in its **Just-in-Time Appointment States** option: agents not yet appointed there then qualify too, with an \`appointmentJustInTime\` warning to file the appointment.
3. **Lead Match** assigns; the vendor gets its answer at once (200 accepted / 202 / 422).
4. The same offer loop as the inbound template: signed accept/decline links, wait for the SLA, escalate to the next eligible agent, fallback owner, every event logged in **outcomes**.`, [-760, -420], 480, 520);
	wf.note('Setup', `## Setup
1. Run **Lead routing: set up the Data Tables** once; add your agents' carrier **appointments** (JSON text) to the **agents** table.
2. Create the **${SIGNING_CREDENTIAL_NAME}** credential (Lead Routing Signing API) before importing, or select it in **Offer Lead**, **Verify Click**, **Escalate**.
3. Enable **Slack Offer** / **Email Offer** / **SMS Offer** and **HubSpot Owner** / **HubSpot Fallback Owner** as needed.
4. Publish and give the vendor \`POST <n8n>/webhook/insurance-lead\`. Demo mode: \`?slaSeconds=20\`.

**History window:** ${HISTORY_WINDOW_NOTE}`, [-760, 100], 440, 520, 4);
	wf.node('Vendor Post', 'n8n-nodes-base.webhook', 2.1, [-180, 300], { httpMethod: 'POST', path: 'insurance-lead', responseMode: 'responseNode', options: {} });
	const routed = routeLead(wf, { trigger: 'Vendor Post', x: 60, normalize: { shape: 'insurancePost' }, licenseOptions: { requireAppointment: true } });
	assignmentLoop(wf, { trigger: 'Vendor Post', x: routed.x, y: routed.y });
	return wf;
}

function outcomeFeedback() {
	const wf = new Workflow('outcome-feedback', 'Lead routing: CRM outcome feedback');
	wf.note('How it works', `## How it works
Your CRM (or Zapier/Make) posts what happened to a routed lead: \`{"leadId", "agentId", "event", "value", "at"}\` with \`event\` one of contacted, meetingBooked, noShow, won, lost (also accepted, declined, expired).
**Log Outcome** turns it into a standard outcome row and **Save Outcome** appends it to the **outcomes** Data Table, which Lead Match (who closes what), Lead Score (learned mode) and the nightly report read.
A bad event (unknown name, no lead id) is answered 422 and nothing is written.`, [-600, -300], 300);
	wf.note('Setup', `## Setup
1. Run **Lead routing: set up the Data Tables** once.
2. Publish; point your CRM's deal-stage webhook at \`POST <n8n>/webhook/lead-outcome\`.
3. If your CRM sends other field names, map them in **Outcome Fields** (e.g. \`event: $json.body.dealstage\`).

No credentials needed.`, [-600, 60], 280, 460, 4);
	wf.node('CRM Outcome', 'n8n-nodes-base.webhook', 2.1, [-60, 100], { httpMethod: 'POST', path: 'lead-outcome', responseMode: 'responseNode', options: {} });
	setJson(wf, 'Outcome Fields', [180, 100], `{ leadId: $json.body.leadId, agentId: $json.body.agentId, event: $json.body.event, value: $json.body.value ?? null, at: $json.body.at ?? $now.toUTC().toISO() }`);
	wf.node('Log Outcome', ours('logOutcome'), 1, [420, 100], {}, { onError: 'continueErrorOutput' });
	insertAuto(wf, 'Save Outcome', TABLES.outcomes, [660, 0]);
	respond(wf, 'Respond Logged', [900, 0], 200, `{ status: 'logged', leadId: $json.leadId, agentId: $json.agentId, event: $json.event, at: $json.at }`);
	respond(wf, 'Respond Rejected', [660, 220], 422, `{ status: 'rejected', error: $json.error, details: $json.details ?? null }`);
	wf.chain('CRM Outcome', 'Outcome Fields', 'Log Outcome', 'Save Outcome', 'Respond Logged');
	wf.connect('Log Outcome', 'Respond Rejected', 1);
	return wf;
}

function nightlyTrainingAndReport() {
	const wf = new Workflow('nightly-training-and-report', 'Lead routing: nightly training and report');
	wf.note('How it works', `## How it works
Every night (and on \`GET <n8n>/webhook/lead-routing-report\`):
1. **Get Agents** and **Get Outcomes** read the roster and the whole **outcomes** log.
2. **Train Model** (Lead Match, Train Model) learns from the log who closes which kind of lead; **Save Model** appends it to **models**. **Train Score Model** (Lead Score, Train Model) learns which leads close; **Save Score Model** appends it too (its model is empty until the log holds 50 won or lost leads).
3. **Outcome Report** (Log Outcome, Report) computes per-agent leads, contact rate, response times, SLA hits, conversion and value, a fairness check against the agents' weights, the learned strategy's lift over its round-robin holdout, and a self-contained HTML dashboard.
4. The dashboard is stored (**Save Report**: a notifications row, kind \`report\`, HTML in \`detail\`), emailed (**Email Dashboard**, disabled until you set it up) and returned to the webhook caller (**Respond Dashboard**).`, [-600, -320], 340);
	wf.note('Setup', `## Setup
1. Run **Lead routing: set up the Data Tables** once.
2. Enable **Email Dashboard** (SMTP credential, from/to addresses).
3. Publish. The schedule runs at 02:00 (instance time zone); open the webhook URL to see today's dashboard.

The routing templates read the newest models (**Latest Model**, **Latest Score Model**) and route and score with them. Without one (before the first night), their Lead Match learns from the **outcomes** it reads, which with no outcomes yet is plain round robin, and Lead Score scores by its rules.`, [-600, 60], 300, 460, 4);
	wf.node('Every Night', 'n8n-nodes-base.scheduleTrigger', 1.2, [-60, 0], { rule: { interval: [{ field: 'days', triggerAtHour: 2 }] } });
	wf.node('Report Now', 'n8n-nodes-base.webhook', 2.1, [-60, 200], { httpMethod: 'GET', path: 'lead-routing-report', responseMode: 'responseNode', options: {} });
	getRows(wf, 'Get Agents', TABLES.agents, [180, 100]);
	getRows(wf, 'Get Outcomes', TABLES.outcomes, [400, 100]);
	wf.connect('Every Night', 'Get Agents');
	wf.connect('Report Now', 'Get Agents');
	wf.connect('Get Agents', 'Get Outcomes');
	wf.node('Outcome Report', ours('logOutcome'), 1, [620, 100], {
		operation: 'report',
		agentWeights: `={{ $('Get Agents').all().filter(i => i.json.agentId).map(i => i.json.agentId + '=' + (i.json.weight ?? 1)).join(', ') }}`,
		reportOptions: { title: 'Lead routing: nightly report' },
	});
	wf.connect('Get Outcomes', 'Outcome Report');
	// Train Model: Lead Match learns who closes what from the whole log; the model is stored for the
	// Model option of a learned Lead Match (after the report has answered the webhook: n8n runs the
	// report branch first, so the dashboard does not wait for training).
	wf.node('Train Model', ours('leadMatch'), 1, [620, -140], { operation: 'train' });
	wf.connect('Get Outcomes', 'Train Model', 0, 2);
	saveModel(wf, 'Save Model', 'leadMatch', [860, -140]);
	wf.connect('Train Model', 'Save Model');
	// Train Score Model: Lead Score learns which leads close (a null model, with the reason, until the
	// log holds 50 won or lost leads); the routing templates score with the newest one.
	wf.node('Train Score Model', ours('leadScore'), 1, [620, -320], { operation: 'train' });
	wf.connect('Get Outcomes', 'Train Score Model', 0, 1);
	saveModel(wf, 'Save Score Model', 'leadScore', [860, -320]);
	wf.connect('Train Score Model', 'Save Score Model');
	filterNode(wf, 'Summary Only', [840, 100], '={{ $json.type }}', { type: 'string', operation: 'equals' }, 'summary');
	wf.connect('Outcome Report', 'Summary Only');
	// The dashboard is a binary file on the summary row; Extract From File gives its HTML as text.
	wf.node('Dashboard HTML', 'n8n-nodes-base.extractFromFile', 1, [1080, -60], {
		operation: 'text', binaryPropertyName: 'dashboard', destinationKey: 'html', options: {},
	});
	insertNotice(wf, 'Save Report', [1320, -160], {
		kind: '=report',
		message: `={{ 'Report: ' + ($('Summary Only').item.json.leads ?? 0) + ' leads, ' + ($('Summary Only').item.json.agents ?? 0) + ' agents, ' + ($('Summary Only').item.json.won ?? 0) + ' won' }}`,
		detail: '={{ $json.html }}',
		at: '={{ $now.toUTC().toISO() }}',
	});
	wf.node('Email Dashboard', 'n8n-nodes-base.emailSend', 2.1, [1320, 20], {
		fromEmail: 'reports@your-agency.example', toEmail: 'owner@your-agency.example',
		subject: '=Lead routing report {{ $now.toFormat("yyyy-MM-dd") }}', emailFormat: 'html',
		html: '={{ $json.html }}',
		options: {},
	}, { disabled: true });
	wf.node('Respond Dashboard', 'n8n-nodes-base.respondToWebhook', 1.5, [1080, 160], {
		respondWith: 'binary', inputDataFieldName: 'dashboard',
		options: { responseHeaders: { entries: [{ name: 'content-type', value: 'text/html; charset=utf-8' }] } },
	});
	wf.connect('Summary Only', 'Dashboard HTML');
	wf.connect('Dashboard HTML', 'Save Report');
	wf.connect('Dashboard HTML', 'Email Dashboard');
	wf.connect('Summary Only', 'Respond Dashboard');
	return wf;
}

export function buildTemplates() {
	const roster = JSON.parse(readFileSync(join(ROOT, 'workflows', 'samples', 'roster.json'), 'utf8'));
	return {
		'workflows/setup-data-tables.json': setupDataTables(roster),
		'workflows/inbound-lead-routing.json': inboundLeadRouting(),
		'workflows/insurance-aggregator-intake.json': insuranceAggregatorIntake(),
		'workflows/outcome-feedback.json': outcomeFeedback(),
		'workflows/nightly-training-and-report.json': nightlyTrainingAndReport(),
	};
}

function main() {
	const check = process.argv.includes('--check');
	const stale = [];
	for (const [file, wf] of Object.entries(buildTemplates())) {
		const text = `${JSON.stringify(wf.toJSON(), null, 2)}\n`;
		const path = join(ROOT, file);
		let current = null;
		try {
			current = readFileSync(path, 'utf8');
		} catch {}
		if (current === text) continue;
		if (check) stale.push(file);
		else {
			writeFileSync(path, text);
			console.log(`wrote ${file}`);
		}
	}
	if (check && stale.length) {
		console.error(`out of date (run node scripts/templates/build-templates.mjs): ${stale.join(', ')}`);
		process.exit(1);
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
