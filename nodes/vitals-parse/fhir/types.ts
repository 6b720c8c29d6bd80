// The slice of FHIR R4 (hl7.org/fhir/R4) that the vital-signs mapping writes.

export type Coding = { system: string; code: string; display?: string };
export type CodeableConcept = { coding?: Coding[]; text?: string };
export type Quantity = { value: number; unit: string; system: 'http://unitsofmeasure.org'; code: string };
export type Identifier = { system?: string; value: string };
export type Reference = { reference?: string; type?: string; identifier?: Identifier };
export type ObservationComponent = {
  code: CodeableConcept;
  valueQuantity?: Quantity;
  dataAbsentReason?: CodeableConcept;
};

export interface Observation {
  resourceType: 'Observation';
  id: string;
  meta?: { profile: string[] };
  identifier: Identifier[];
  status: 'preliminary' | 'final';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject?: Reference;
  effectiveDateTime: string;
  valueQuantity?: Quantity;
  dataAbsentReason?: CodeableConcept;
  bodySite?: CodeableConcept;
  device?: Reference;
  component?: ObservationComponent[];
}

export interface Bundle {
  resourceType: 'Bundle';
  id: string;
  identifier: Identifier;
  type: 'collection';
  entry: { fullUrl: string; resource: Observation }[];
}
