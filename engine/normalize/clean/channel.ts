/**
 * The marketing channel a lead came through, from its UTM tags and ad click ids. Click ids are
 * the strongest evidence (the ad platform put them there); then utm_medium; then utm_source.
 * Without any evidence the source kind decides: Lead Ads are paid social, ping/post is bought.
 */
import {
	AGGREGATOR_SOURCES,
	CLICK_ID_CHANNELS,
	HUBSPOT_SOURCE_CHANNELS,
	MEDIUM_CHANNELS,
	SOCIAL_SOURCES,
} from '../../data/channels';
import { ownEntry } from '../../coerce';
import type { Channel, SourceKind, Utm } from '../../types';

export interface ChannelEvidence {
	kind: SourceKind;
	utm: Utm;
	clickIds: Record<string, string>;
}

const PAID = /paid|cpc|ppc|cpm|ads?$/;

const SOCIAL_NAMES: ReadonlySet<string> = new Set(SOCIAL_SOURCES);

/**
 * Whether the source names a social network as a word or a hostname label: `facebook_ads`,
 * `Facebook Ads`, `m.facebook.com`, `x.com`. Never a substring: `netflix.com` is not `x.com`.
 */
function sourceIsSocial(source: string): boolean {
	return source.split(/[^a-z0-9]+/).some((word) => SOCIAL_NAMES.has(word));
}

/** A medium that says "social" (`paid social`, `social-paid`, `paidsocial`) is social whatever the source. */
function mediumIsSocial(medium: string): boolean {
	return medium.includes('social');
}

function sourceIsAggregator(source: string): boolean {
	const compact = source.replace(/[^a-z0-9]/g, '');
	return AGGREGATOR_SOURCES.some((name) => compact.includes(name));
}

export function channelOf(evidence: ChannelEvidence): Channel {
	const source = (evidence.utm.source ?? '').toLowerCase().trim();
	const medium = (evidence.utm.medium ?? '').toLowerCase().trim();
	if (source && sourceIsAggregator(source)) return 'aggregator';
	for (const name of Object.keys(evidence.clickIds)) {
		const channel = CLICK_ID_CHANNELS[name];
		if (channel) return channel === 'paid_search' && (sourceIsSocial(source) || mediumIsSocial(medium)) ? 'paid_social' : channel;
	}
	if (medium) {
		const social = mediumIsSocial(medium) || sourceIsSocial(source);
		if (PAID.test(medium) && social) return 'paid_social';
		const byMedium = ownEntry(MEDIUM_CHANNELS, medium);
		if (byMedium) return byMedium;
		if (mediumIsSocial(medium)) return 'organic';
		if (PAID.test(medium)) return 'paid_search';
	}
	if (source) {
		const hubspot = ownEntry(HUBSPOT_SOURCE_CHANNELS, source);
		if (hubspot) return hubspot;
		if (sourceIsSocial(source)) return 'organic';
		if (/google|bing|yahoo|duckduckgo/.test(source)) return 'organic';
		if (source === 'direct' || source === '(direct)') return 'direct';
		return 'referral';
	}
	if (evidence.kind === 'facebookLeadAds') return 'paid_social';
	if (evidence.kind === 'insurancePost') return 'aggregator';
	return medium ? 'unknown' : 'direct';
}
