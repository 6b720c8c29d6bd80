// A structural check of the Bundles we emit against FHIR R4 (Observation, the vital-signs
// profiles, Bundle), element by element. The `fhir` validator package is not available, so
// the rules are written out here; the tests below prove each rule can fail.

import assert from 'node:assert/strict';

const UCUM = 'http://unitsofmeasure.org';
const LOINC = 'http://loinc.org';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const DAR = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
const DAR_CODES = [
  'unknown',
  'asked-unknown',
  'temp-unknown',
  'not-asked',
  'asked-declined',
  'masked',
  'not-applicable',
  'unsupported',
  'as-text',
  'error',
  'not-a-number',
  'negative-infinity',
  'positive-infinity',
  'not-performed',
  'not-permitted',
];
const OBS_STATUS = [
  'registered',
  'preliminary',
  'final',
  'amended',
  'corrected',
  'cancelled',
  'entered-in-error',
  'unknown',
];
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
// R4 dateTime with a time must carry a zone.
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)$/;
const PROFILE = 'http://hl7.org/fhir/StructureDefinition/';

/** For each R4 vital-signs profile: the LOINC code it fixes and the UCUM units it allows. */
const PROFILES: Record<string, { code: string; units?: string[] }> = {
  [PROFILE + 'heartrate']: { code: '8867-4', units: ['/min'] },
  [PROFILE + 'resprate']: { code: '9279-1', units: ['/min'] },
  [PROFILE + 'oxygensat']: { code: '2708-6', units: ['%'] },
  [PROFILE + 'bodytemp']: { code: '8310-5', units: ['Cel', '[degF]'] },
  [PROFILE + 'bodyweight']: { code: '29463-7', units: ['kg', 'g', '[lb_av]'] },
  [PROFILE + 'bodyheight']: { code: '8302-2', units: ['cm', '[in_i]'] },
  [PROFILE + 'bmi']: { code: '39156-5', units: ['kg/m2'] },
  [PROFILE + 'bp']: { code: '85354-9' },
};

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkCodings(where: string, cc: unknown, problems: string[]): { system: string; code: string }[] {
  if (!isObj(cc) || !Array.isArray(cc.coding) || cc.coding.length === 0) {
    problems.push(`${where}: CodeableConcept needs coding[]`);
    return [];
  }
  return cc.coding.filter((c, i) => {
    const good =
      isObj(c) &&
      typeof c.system === 'string' &&
      c.system.length > 0 &&
      typeof c.code === 'string' &&
      c.code.length > 0;
    if (!good) problems.push(`${where}.coding[${i}]: system and code required`);
    return good;
  }) as { system: string; code: string }[];
}

function checkQuantity(where: string, q: unknown, problems: string[], units?: string[]): void {
  if (!isObj(q)) return void problems.push(`${where}: not an object`);
  if (typeof q.value !== 'number' || !Number.isFinite(q.value)) problems.push(`${where}.value: not a finite number`);
  if (q.system !== UCUM) problems.push(`${where}.system: must be ${UCUM}`);
  if (typeof q.code !== 'string' || q.code.length === 0) problems.push(`${where}.code: missing`);
  else if (units && !units.includes(q.code))
    problems.push(`${where}.code: ${q.code} not allowed (${units.join(', ')})`);
}

function checkValue(where: string, o: J, problems: string[], units?: string[]): void {
  const valueKeys = Object.keys(o).filter((k) => k.startsWith('value'));
  if (valueKeys.length > 1) problems.push(`${where}: more than one value[x]`);
  if (valueKeys.length && o.dataAbsentReason !== undefined)
    problems.push(`${where}: value[x] and dataAbsentReason together (obs-6)`);
  if (o.valueQuantity !== undefined) checkQuantity(`${where}.valueQuantity`, o.valueQuantity, problems, units);
  if (o.dataAbsentReason !== undefined) {
    const codings = checkCodings(`${where}.dataAbsentReason`, o.dataAbsentReason, problems);
    if (!codings.some((c) => c.system === DAR && DAR_CODES.includes(c.code)))
      problems.push(`${where}.dataAbsentReason: needs a ${DAR} code`);
  }
}

function checkReference(where: string, ref: unknown, type: string, problems: string[]): void {
  if (!isObj(ref)) return void problems.push(`${where}: not a Reference`);
  if (typeof ref.reference === 'string') {
    if (!new RegExp(`^${type}/[A-Za-z0-9\\-.]{1,64}$`).test(ref.reference))
      problems.push(`${where}.reference: ${ref.reference} is not ${type}/<id>`);
  } else if (!(
    ref.type === type &&
    isObj(ref.identifier) &&
    typeof ref.identifier.value === 'string' &&
    ref.identifier.value.length > 0
  )) {
    problems.push(`${where}: needs reference ${type}/<id> or type ${type} with an identifier`);
  }
}

export function checkObservation(where: string, o: unknown, problems: string[]): void {
  if (!isObj(o)) return void problems.push(`${where}: not an object`);
  if (o.resourceType !== 'Observation') problems.push(`${where}.resourceType: must be Observation`);
  if (typeof o.id !== 'string' || !FHIR_ID.test(o.id)) problems.push(`${where}.id: not a FHIR id`);
  if (!OBS_STATUS.includes(o.status as string))
    problems.push(`${where}.status: ${String(o.status)} is not an R4 status`);
  const cats = Array.isArray(o.category)
    ? o.category.flatMap((c, i) => checkCodings(`${where}.category[${i}]`, c, problems))
    : [];
  if (!cats.some((c) => c.system === CATEGORY)) problems.push(`${where}.category: needs an ${CATEGORY} coding`);
  const codes = checkCodings(`${where}.code`, o.code, problems);
  if (typeof o.effectiveDateTime !== 'string' || !DATE_TIME.test(o.effectiveDateTime))
    problems.push(`${where}.effectiveDateTime: not an R4 dateTime with zone`);
  if (o.subject !== undefined) checkReference(`${where}.subject`, o.subject, 'Patient', problems);
  if (o.device !== undefined) checkReference(`${where}.device`, o.device, 'Device', problems);
  if (Array.isArray(o.identifier)) {
    o.identifier.forEach((id, i) => {
      if (!isObj(id) || typeof id.value !== 'string') problems.push(`${where}.identifier[${i}]: needs a value`);
    });
  }

  const profiles = isObj(o.meta) && Array.isArray(o.meta.profile) ? (o.meta.profile as string[]) : [];
  const rule = profiles.map((p) => PROFILES[p]).find(Boolean);
  if (profiles.length && !rule) problems.push(`${where}.meta.profile: unknown profile ${profiles.join(', ')}`);
  if (rule) {
    if (!cats.some((c) => c.system === CATEGORY && c.code === 'vital-signs'))
      problems.push(`${where}: vital-signs profile needs category vital-signs`);
    if (!codes.some((c) => c.system === LOINC && c.code === rule.code))
      problems.push(`${where}.code: profile needs LOINC ${rule.code}`);
    if (o.subject === undefined) problems.push(`${where}.subject: required by the vital-signs profile`);
  }

  const components = o.component;
  if (components !== undefined) {
    if (!Array.isArray(components) || components.length === 0) problems.push(`${where}.component: empty`);
    else {
      components.forEach((c, i) => {
        if (!isObj(c)) return void problems.push(`${where}.component[${i}]: not an object`);
        const cc = checkCodings(`${where}.component[${i}].code`, c.code, problems);
        if (cc.some((x) => codes.some((y) => x.system === y.system && x.code === y.code)))
          problems.push(`${where}.component[${i}]: same code as the Observation (obs-7)`);
        if (c.valueQuantity === undefined && c.dataAbsentReason === undefined)
          problems.push(`${where}.component[${i}]: needs value[x] or dataAbsentReason (vs-3)`);
        checkValue(`${where}.component[${i}]`, c, problems, rule?.code === '85354-9' ? ['mm[Hg]'] : undefined);
      });
    }
  }
  if (rule?.code === '85354-9') {
    if (Object.keys(o).some((k) => k.startsWith('value')))
      problems.push(`${where}: the bp panel has no value of its own`);
    for (const code of ['8480-6', '8462-4']) {
      const n = Array.isArray(components)
        ? components.filter(
            (c) =>
              isObj(c) &&
              isObj(c.code) &&
              Array.isArray(c.code.coding) &&
              c.code.coding.some((x: J) => x.system === LOINC && x.code === code),
          ).length
        : 0;
      if (n !== 1) problems.push(`${where}.component: bp needs exactly one ${code}, found ${n}`);
    }
  }
  if (
    components === undefined &&
    o.valueQuantity === undefined &&
    o.dataAbsentReason === undefined &&
    !Object.keys(o).some((k) => k.startsWith('value'))
  ) {
    problems.push(`${where}: needs value[x] or dataAbsentReason (vs-2)`);
  }
  checkValue(where, o, problems, rule?.units);
}

/** Values JSON cannot carry faithfully: NaN, ±Infinity (become null), undefined (vanishes). */
function nonJson(v: unknown, path: string): string[] {
  if (typeof v === 'number') return Number.isFinite(v) ? [] : [`${path}: ${v} is not JSON`];
  if (v === undefined) return [`${path}: undefined`];
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => nonJson(x, `${path}.${k}`));
}

/** Every R4 problem found in a Bundle of Observations; [] when it is sound. */
export function checkR4Bundle(bundle: unknown): string[] {
  const problems: string[] = [];
  if (!isObj(bundle)) return ['bundle: not an object'];
  problems.push(...nonJson(bundle, 'bundle'));
  if (bundle.resourceType !== 'Bundle') problems.push('bundle.resourceType: must be Bundle');
  if (bundle.type !== 'collection') problems.push('bundle.type: must be collection');
  if (bundle.id !== undefined && (typeof bundle.id !== 'string' || !FHIR_ID.test(bundle.id)))
    problems.push('bundle.id: not a FHIR id');
  if (!Array.isArray(bundle.entry)) return [...problems, 'bundle.entry: not an array'];
  const urls = new Set<string>();
  const ids = new Set<string>();
  bundle.entry.forEach((e, i) => {
    const where = `entry[${i}]`;
    if (!isObj(e)) return void problems.push(`${where}: not an object`);
    if (
      typeof e.fullUrl !== 'string' ||
      !/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(e.fullUrl)
    )
      problems.push(`${where}.fullUrl: not a urn:uuid`);
    else if (urls.has(e.fullUrl)) problems.push(`${where}.fullUrl: duplicate`);
    else urls.add(e.fullUrl);
    const r = e.resource;
    if (isObj(r) && typeof r.id === 'string') {
      if (ids.has(r.id)) problems.push(`${where}.resource.id: duplicate`);
      ids.add(r.id);
      if (e.fullUrl !== `urn:uuid:${r.id}`) problems.push(`${where}.fullUrl: does not match the resource id`);
    }
    checkObservation(`${where}.resource`, r, problems);
  });
  return problems;
}

// The spec's own examples (health.md §5), which must pass.
export const SPEC_HEART_RATE = {
  resourceType: 'Observation',
  id: 'hr1',
  status: 'final',
  meta: { profile: ['http://hl7.org/fhir/StructureDefinition/heartrate'] },
  category: [{ coding: [{ system: CATEGORY, code: 'vital-signs' }] }],
  code: { coding: [{ system: LOINC, code: '8867-4', display: 'Heart rate' }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2024-03-15T08:30:00+00:00',
  valueQuantity: { value: 72, unit: 'beats/minute', system: UCUM, code: '/min' },
};
const SPEC_BP = {
  resourceType: 'Observation',
  id: 'bp1',
  status: 'final',
  meta: { profile: ['http://hl7.org/fhir/StructureDefinition/bp'] },
  category: [{ coding: [{ system: CATEGORY, code: 'vital-signs' }] }],
  code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2024-06-01T07:15:30+01:00',
  component: [
    {
      code: { coding: [{ system: LOINC, code: '8480-6' }] },
      valueQuantity: { value: 132, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    },
    {
      code: { coding: [{ system: LOINC, code: '8462-4' }] },
      valueQuantity: { value: 85, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    },
  ],
};
const bundleOf = (...resources: unknown[]) => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: resources.map((r, i) => ({ fullUrl: `urn:uuid:0000000${i}-0000-8000-8000-000000000000`, resource: r })),
});
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('R4 shape checker (test support)', function () {
  it('accepts the spec examples', function () {
    const b = bundleOf(SPEC_HEART_RATE, SPEC_BP);
    // fullUrl must match the id for our own bundles; the spec examples use short ids.
    assert.deepEqual(
      checkR4Bundle(b).filter((p) => !p.includes('does not match the resource id')),
      [],
    );
  });

  const broken: [string, (o: J) => void, RegExp][] = [
    ['no status', (o) => delete o.status, /status/],
    ['a made-up status', (o) => (o.status = 'done'), /status/],
    ['no category system', (o) => delete ((o.category as J[])[0].coding as J[])[0].system, /category/],
    [
      'another category',
      (o) => (((o.category as J[])[0].coding as J[])[0].code = 'laboratory'),
      /category vital-signs/,
    ],
    ['wrong LOINC for the profile', (o) => (((o.code as J).coding as J[])[0].code = '8310-5'), /needs LOINC 8867-4/],
    ['no subject under a profile', (o) => delete o.subject, /subject/],
    ['a subject that is not a Patient', (o) => (o.subject = { reference: 'Device/x' }), /Patient/],
    ['a dateTime without zone', (o) => (o.effectiveDateTime = '2024-03-15T08:30:00'), /effectiveDateTime/],
    ['no value and no reason', (o) => delete o.valueQuantity, /vs-2/],
    ['value and reason', (o) => (o.dataAbsentReason = { coding: [{ system: DAR, code: 'error' }] }), /obs-6/],
    [
      'a reason from elsewhere',
      (o) => {
        delete o.valueQuantity;
        o.dataAbsentReason = { coding: [{ system: 'x', code: 'nan' }] };
      },
      /dataAbsentReason/,
    ],
    ['a Quantity without UCUM', (o) => ((o.valueQuantity as J).system = 'http://example.org'), /system/],
    ['a NaN value', (o) => ((o.valueQuantity as J).value = NaN), /NaN is not JSON/],
    ['an undefined element', (o) => (o.issued = undefined), /undefined/],
    ['a unit the profile forbids', (o) => ((o.valueQuantity as J).code = 'bpm'), /not allowed/],
    ['an unknown profile', (o) => ((o.meta as J).profile = ['http://example.org/p']), /unknown profile/],
  ];
  for (const [what, mutate, pattern] of broken) {
    it(`rejects an Observation with ${what}`, function () {
      const o = clone(SPEC_HEART_RATE) as J;
      mutate(o);
      const problems = checkR4Bundle(bundleOf(o));
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `${what}: ${JSON.stringify(problems)}`,
      );
    });
  }

  it('rejects bp panels that break the component rules', function () {
    const noDia = clone(SPEC_BP) as J;
    (noDia.component as J[]).pop();
    assert.ok(checkR4Bundle(bundleOf(noDia)).some((p) => /exactly one 8462-4/.test(p)));
    const kpa = clone(SPEC_BP) as J;
    ((kpa.component as J[])[0].valueQuantity as J).code = 'kPa';
    assert.ok(checkR4Bundle(bundleOf(kpa)).some((p) => /not allowed/.test(p)));
    const withValue = clone(SPEC_BP) as J;
    withValue.valueQuantity = { value: 1, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' };
    assert.ok(checkR4Bundle(bundleOf(withValue)).some((p) => /no value of its own/.test(p)));
    const selfCode = clone(SPEC_BP) as J;
    (((selfCode.component as J[])[0].code as J).coding as J[])[0].code = '85354-9';
    assert.ok(checkR4Bundle(bundleOf(selfCode)).some((p) => /obs-7/.test(p)));
  });

  it('rejects bundle problems', function () {
    assert.ok(checkR4Bundle({ ...bundleOf(), type: 'transaction' }).some((p) => /bundle.type/.test(p)));
    const dup = bundleOf(SPEC_HEART_RATE, SPEC_HEART_RATE);
    (dup.entry[1] as J).fullUrl = dup.entry[0].fullUrl;
    assert.ok(checkR4Bundle(dup).some((p) => /duplicate/.test(p)));
    const badUrl = bundleOf(SPEC_HEART_RATE);
    (badUrl.entry[0] as J).fullUrl = 'Observation/hr1';
    assert.ok(checkR4Bundle(badUrl).some((p) => /urn:uuid/.test(p)));
  });
});
