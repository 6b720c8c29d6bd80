// Reading or FHIR: which form output 1 carries, and the FHIR mapping wrapped so that its one
// possible throw becomes an ordinary refusal. Pure; never throws.
import type { Reading } from '../lib/reading';
import { FhirMappingError, toFhirBundle, type Bundle } from './fhir';
import { fail, type Refusal } from './result';

export type OutputMode = 'reading' | 'fhir';
export const OUTPUT_MODES: readonly OutputMode[] = ['reading', 'fhir'];

/** msg.format "fhir" or "reading" wins for that message; any other value is not ours and is ignored. */
export function outputModeFor(msgFormat: unknown, setting: OutputMode): OutputMode {
  return msgFormat === 'fhir' || msgFormat === 'reading' ? msgFormat : setting;
}

export type FhirResult = { ok: true; bundle: Bundle } | Refusal;

export function readingToFhir(reading: Reading): FhirResult {
  try {
    return { ok: true, bundle: toFhirBundle(reading) };
  } catch (err) {
    const field = err instanceof FhirMappingError ? err.field : 'payload';
    return fail(field, 'fhir-mapping', { detail: err instanceof Error ? err.message : String(err) });
  }
}
