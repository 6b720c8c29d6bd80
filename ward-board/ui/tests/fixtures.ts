// A fake Dashboard 2.0 around the component: the injected $socket and $dataTracker, and tiles.
import { mount } from '@vue/test-utils';
import { vi } from 'vitest';
import WardBoard from '../components/WardBoard.vue';
import type { AlarmView, BoardMessage, TileView } from '../../shared/wire';

export const HEALTH_FIELDS = [
  { label: 'HR', unit: '/min', decimals: 0 },
  { label: 'SpO2', unit: '%', decimals: 0 },
  { label: 'Temp', unit: '°C', decimals: 1 },
];

export const NOW = Date.UTC(2026, 0, 1, 8, 30, 0);

export function tile(key: string, total: number | null, extra: Partial<TileView> = {}): TileView {
  return {
    key,
    t: NOW - 12_000,
    v: [88, 96, 37.2],
    vo: [0, 0, 0],
    s: total === null ? null : { total, band: total >= 7 ? 'high' : total >= 5 ? 'medium' : 'low', complete: true },
    a: [],
    stale: false,
    ...extra,
  };
}

export const alarm = (severity: string, acked = false, extra: Partial<AlarmView> = {}): AlarmView => ({
  rule: 'NEWS2',
  severity,
  since: NOW - 600_000,
  acked,
  ...extra,
});

export function mountBoard(props: Record<string, unknown> = {}) {
  const socket = { emit: vi.fn() };
  const tracker: { onInput?: (msg: unknown) => void; onLoad?: (msg?: unknown) => void } = {};
  const wrapper = mount(WardBoard, {
    props: {
      id: 'board-1',
      props: {
        fields: HEALTH_FIELDS,
        hasScore: true,
        scoreLabel: 'NEWS2',
        sparkLabel: 'NEWS2',
        shown: 120,
        lang: 'en',
        ...props,
      },
      state: {},
    },
    global: {
      provide: {
        $socket: socket,
        $dataTracker: (_id: string, onInput: (msg: unknown) => void, onLoad: (msg?: unknown) => void) => {
          tracker.onInput = onInput;
          tracker.onLoad = onLoad;
        },
      },
    },
    attachTo: document.body,
  });
  /** Delivers a board message as Dashboard does (msg-input), then lets Vue render. */
  const deliver = async (msg: Partial<BoardMessage> & { tiles: TileView[] }) => {
    tracker.onInput!({ payload: { kind: 'batch', now: NOW, ...msg } });
    await wrapper.vm.$nextTick();
  };
  const actions = () =>
    socket.emit.mock.calls.filter((c) => c[0] === 'widget-action').map((c) => (c[2] as { payload: unknown }).payload);
  return { wrapper, socket, tracker, deliver, actions };
}

export const keys = (wrapper: ReturnType<typeof mount>) =>
  wrapper.findAll('li.hewb-tile').map((li) => li.attributes('data-key'));
