// The slice of FHIR R4 that the vital-signs mapping produces (hl7.org/fhir/R4).

export interface Coding {
  system: string;
  code: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Quantity {
  value: number;
  unit: string;
  system: 'http://unitsofmeasure.org';
  code: string;
}
export interface Identifier {
  system?: string;
  value: string;
}
export interface Reference {
  reference?: string;
  type?: string;
  identifier?: Identifier;
}
export interface ObservationComponent {
  code: CodeableConcept;
  valueQuantity?: Quantity;
  dataAbsentReason?: CodeableConcept;
}
export type ObservationStatus = 'registered' | 'preliminary' | 'final' | 'amended';

export interface Observation {
  resourceType: 'Observation';
  id: string;
  meta?: { profile: string[] };
  identifier: Identifier[];
  status: ObservationStatus;
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
export interface BundleEntry {
  fullUrl: string;
  resource: Observation;
}
export interface Bundle {
  resourceType: 'Bundle';
  id: string;
  identifier: Identifier;
  type: 'collection';
  entry: BundleEntry[];
}
