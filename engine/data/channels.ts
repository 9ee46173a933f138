/**
 * How UTM values and ad click ids map to the channel vocabulary of lead-schema.md.
 * Source: Google Analytics 4 default channel group definitions (medium / source patterns) and the
 * ad platforms' documented click-id parameters; insurance aggregators from public vendor lists.
 * Reviewed 2026-11.
 */
import type { Channel } from '../types';

/** Query parameters ad platforms append to landing-page URLs, and the channel each implies. */
export const CLICK_ID_CHANNELS: Readonly<Record<string, Channel>> = {
	gclid: 'paid_search',
	gbraid: 'paid_search',
	wbraid: 'paid_search',
	dclid: 'paid_search',
	msclkid: 'paid_search',
	fbclid: 'paid_social',
	ttclid: 'paid_social',
	li_fat_id: 'paid_social',
	twclid: 'paid_social',
	sccid: 'paid_social',
	epik: 'paid_social',
	rdt_cid: 'paid_social',
};

/** Sources that are social networks: paid mediums from these are paid_social, not paid_search. */
export const SOCIAL_SOURCES: readonly string[] = [
	'facebook',
	'fb',
	'instagram',
	'ig',
	'meta',
	'tiktok',
	'linkedin',
	'twitter',
	'x',
	'pinterest',
	'snapchat',
	'reddit',
	'youtube',
	'nextdoor',
];

/** Lead marketplaces and comparison sites that resell consumer leads. */
export const AGGREGATOR_SOURCES: readonly string[] = [
	'everquote',
	'quotewizard',
	'smartfinancial',
	'mediaalpha',
	'insurify',
	'thezebra',
	'zebra',
	'lendingtree',
	'datalot',
	'excelimpact',
	'allwebleads',
	'quinstreet',
	'netquote',
	'insureme',
	'leadcloud',
	'aggregator',
];

/** utm_medium values (lowercase) and the channel each means. */
export const MEDIUM_CHANNELS: Readonly<Record<string, Channel>> = {
	cpc: 'paid_search',
	ppc: 'paid_search',
	paidsearch: 'paid_search',
	'paid-search': 'paid_search',
	paid_search: 'paid_search',
	sem: 'paid_search',
	search: 'paid_search',
	paidsocial: 'paid_social',
	'paid-social': 'paid_social',
	paid_social: 'paid_social',
	'social-paid': 'paid_social',
	social_paid: 'paid_social',
	cpm: 'paid_social',
	display: 'paid_social',
	organic: 'organic',
	seo: 'organic',
	social: 'organic',
	'organic-social': 'organic',
	organic_social: 'organic',
	referral: 'referral',
	partner: 'referral',
	partners: 'referral',
	affiliate: 'aggregator',
	affiliates: 'aggregator',
	aggregator: 'aggregator',
	'lead-vendor': 'aggregator',
	leadvendor: 'aggregator',
	pingpost: 'aggregator',
	'ping-post': 'aggregator',
	email: 'direct',
	newsletter: 'direct',
	direct: 'direct',
	none: 'direct',
	'(none)': 'direct',
};

/** HubSpot's own "original source" values (hs_analytics_source), which replace UTM tags there. */
export const HUBSPOT_SOURCE_CHANNELS: Readonly<Record<string, Channel>> = {
	organic_search: 'organic',
	paid_search: 'paid_search',
	paid_social: 'paid_social',
	social_media: 'organic',
	referrals: 'referral',
	email_marketing: 'direct',
	direct_traffic: 'direct',
	offline: 'direct',
	other_campaigns: 'unknown',
};
