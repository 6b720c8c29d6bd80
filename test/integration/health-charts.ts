// What the health example's chart tests share: readings whose NEWS2 total is known, and what a
// chart holds.
import { helper } from './flow-run';

/** Vitals whose NEWS2 total is known from the chart (health.md §3), all seven parameters present. */
export const VITALS: Record<number, Record<string, number>> = {
  // RR 16, SpO2 97, air, SBP 125, HR 75, alert, 36.8 °C: all 0.
  0: { respiratoryRate: 16, spo2: 97, systolic: 125, heartRate: 75, temperature: 36.8 },
  // RR 22 → 2, SpO2 95 → 1, SBP 105 → 1, HR 95 → 1, 37.5 °C → 0.
  5: { respiratoryRate: 22, spo2: 95, systolic: 105, heartRate: 95, temperature: 37.5 },
  // as 5, with 38.3 °C → 1.
  6: { respiratoryRate: 22, spo2: 94, systolic: 105, heartRate: 95, temperature: 38.3 },
  // RR 25 → 3, SpO2 93 → 2, SBP 105 → 1, HR 105 → 1, 38.3 °C → 1.
  8: { respiratoryRate: 25, spo2: 93, systolic: 105, heartRate: 105, temperature: 38.3 },
};

/** What a ui-chart holds (Dashboard 2.0's datastore): one message per point, _datapoint as drawn. */
export const chartPoints = (id: string): { category: string; x: number; y: number }[] =>
  (helper.getNode(id).getState() ?? []).map(
    (m: { _datapoint: { category: string; x: number; y: number } }) => m._datapoint,
  );
