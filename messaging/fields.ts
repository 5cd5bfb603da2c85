/**
 * Field schemas shared by the message areas: URLs, ids, site origins, usage events.
 */
import * as v from 'valibot';
import { USAGE_EVENTS } from '../rules/index';

export const Url = v.pipe(v.string(), v.maxLength(8192), v.url());
export const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
export const Origin = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.regex(/^(https?):\/\/(\*|(\*\.)?[^/*]+)\/\*$/, 'must be a match pattern like https://crm.example.com/*'),
);
export const UsageEventName = v.picklist(USAGE_EVENTS);
/** A browser tab's id. */
export const TabId = v.pipe(v.number(), v.integer(), v.minValue(0));
/** Text a person wrote, trimmed, required. */
export const Words = (max: number, missing: string) =>
  v.pipe(v.string(), v.trim(), v.minLength(1, missing), v.maxLength(max));
