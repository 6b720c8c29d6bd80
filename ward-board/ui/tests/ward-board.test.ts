import { afterEach, describe, expect, it } from 'vitest';
import { alarm, keys, mountBoard, NOW, tile } from './fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('WardBoard component', () => {
  it('asks for the whole board once Dashboard has answered its widget-load', () => {
    const { tracker, actions } = mountBoard();
    expect(actions()).toEqual([]);
    tracker.onLoad!(undefined);
    expect(actions()).toEqual([{ action: 'snapshot' }]);
  });

  it('draws a tile per key, the most urgent first', async () => {
    const { wrapper, deliver } = mountBoard();
    await deliver({
      kind: 'snapshot',
      tiles: [
        tile('bed-10', 2),
        tile('bed-2', 2),
        tile('bed-3', 9),
        tile('bed-4', 5, { a: [alarm('warning')] }),
        tile('bed-5', 8, { a: [alarm('critical')] }),
        tile('bed-6', 8, { a: [alarm('critical', true)] }),
      ],
    });
    expect(keys(wrapper)).toEqual(['bed-5', 'bed-4', 'bed-6', 'bed-3', 'bed-2', 'bed-10']);
  });

  it('keeps key order as keys come and go between batches (bed-2 before bed-10)', async () => {
    const { wrapper, deliver } = mountBoard();
    await deliver({ kind: 'snapshot', tiles: [tile('bed-10', 2), tile('bed-1', 2)] });
    expect(keys(wrapper)).toEqual(['bed-1', 'bed-10']);
    await deliver({ tiles: [tile('bed-2', 2)] });
    expect(keys(wrapper)).toEqual(['bed-1', 'bed-2', 'bed-10']);
    await deliver({ tiles: [tile('bed-03', 2)], removed: ['bed-1'] });
    expect(keys(wrapper)).toEqual(['bed-2', 'bed-03', 'bed-10']);
    await deliver({ kind: 'snapshot', tiles: [tile('bed-9', 2), tile('bed-10', 2)] });
    expect(keys(wrapper)).toEqual(['bed-9', 'bed-10']);
  });

  it('shows the score with its band in words and colour, and a lower bound as such', async () => {
    const { wrapper, deliver } = mountBoard();
    await deliver({
      tiles: [
        tile('a', 1),
        tile('b', 3, { s: { total: 3, band: 'low-medium', complete: true } }),
        tile('c', 6),
        tile('d', 8),
        tile('e', 2, { s: { total: 2, band: 'low', complete: false } }),
      ],
    });
    const scores = Object.fromEntries(
      wrapper.findAll('li.hewb-tile').map((li) => [li.attributes('data-key'), li.find('.hewb-score')]),
    );
    expect(scores.a.text()).toBe('1 low');
    expect(scores.b.text()).toBe('3 low-medium');
    expect(scores.c.text()).toBe('6 medium');
    expect(scores.d.text()).toBe('8 high');
    expect(scores.e.text()).toBe('≥2 low');
    expect(scores.d.classes()).toContain('hewb-band-high');
    expect(scores.b.classes()).toContain('hewb-band-low-medium');
  });

  it('shows the latest vitals, their age, the sparkline and the stale marker', async () => {
    const { wrapper, deliver } = mountBoard();
    await deliver({ tiles: [tile('bed-1', 2, { sp: [null, 1, 2, 4, 2], stale: true, a: [alarm('stale')] })] });
    const li = wrapper.find('li.hewb-tile');
    expect(li.findAll('.hewb-f').map((f) => f.text())).toEqual(['HR88', 'SpO296', 'Temp37.2']);
    expect(li.find('.hewb-f').attributes('title')).toBe('HR 88 /min · 12 s ago');
    expect(li.find('.hewb-age').text()).toBe('12 s ago');
    expect(li.find('svg.hewb-spark path').attributes('d')).toMatch(/^M/);
    expect(li.find('svg.hewb-spark').attributes('aria-label')).toBe('NEWS2 trend: from 1 to 4, latest 2');
    expect(li.find('.hewb-stale-mark').text()).toBe('stale');
    expect(li.classes()).toContain('hewb-stale');
  });

  it('greys a value older than the latest reading, with its own age, and shows a dash for none yet', async () => {
    const { wrapper, deliver } = mountBoard();
    await deliver({ tiles: [tile('bed-1', 2, { v: [88, 96, null], vo: [0, 120_000, null] })] });
    const fields = wrapper.findAll('.hewb-f');
    expect(fields.map((f) => f.classes().includes('hewb-old'))).toEqual([false, true, false]);
    expect(fields[1].attributes('title')).toBe('SpO2 96 % · 2 min ago');
    expect(fields[2].text()).toBe('Temp–');
    expect(fields[2].attributes('title')).toBe('Temp – · no reading yet');
  });

  it('shows the active alarm: severity, since when, acknowledged or not and by whom', async () => {
    const { wrapper, deliver } = mountBoard();
    await deliver({
      tiles: [
        tile('bed-1', 8, { a: [alarm('critical')] }),
        tile('bed-2', 8, { a: [alarm('critical', true, { by: 'Nurse Kim', at: NOW })] }),
      ],
    });
    const [first, second] = wrapper.findAll('li.hewb-tile');
    expect(first.find('.hewb-alarm').text()).toMatch(/^critical \d\d:\d\d/);
    expect(first.find('.hewb-alarm').classes()).toContain('hewb-sev-critical');
    expect(first.find('button.hewb-ack').text()).toBe('Ack');
    expect(second.find('.hewb-alarm').text()).toMatch(/critical \d\d:\d\d · acknowledged by Nurse Kim/);
    expect(second.find('button.hewb-ack').exists()).toBe(false);
  });

  it('sends Acknowledge for the tile, shows it sending, and picks a tile for the charts', async () => {
    const { wrapper, deliver, actions } = mountBoard();
    await deliver({ tiles: [tile('bed-1', 8, { a: [alarm('critical')] })] });
    await wrapper.find('button.hewb-ack').trigger('click');
    expect(actions()).toEqual([{ action: 'ack', key: 'bed-1' }]);
    expect(wrapper.find('button.hewb-ack').text()).toBe('Sending…');
    expect(wrapper.find('button.hewb-ack').attributes('disabled')).toBeDefined();
    await wrapper.find('button.hewb-key').trigger('click');
    expect(actions().at(-1)).toEqual({ action: 'pick', key: 'bed-1' });
    // The server's answer: the pick, and the alarm acknowledged.
    await deliver({ tiles: [tile('bed-1', 8, { a: [alarm('critical', true)] })], picked: 'bed-1' });
    expect(wrapper.find('button.hewb-key').attributes('aria-pressed')).toBe('true');
    expect(wrapper.find('li.hewb-tile').classes()).toContain('hewb-picked');
    expect(wrapper.find('button.hewb-ack').exists()).toBe(false);
    // Picking the picked tile again takes it off the charts.
    await wrapper.find('li.hewb-tile').trigger('click');
    expect(actions().at(-1)).toEqual({ action: 'pick', key: null });
  });

  it('narrows the tiles with the filter box (key, any case)', async () => {
    const { wrapper, deliver } = mountBoard();
    await deliver({ tiles: ['bed-1', 'bed-10', 'BED-11', 'icu-1'].map((k) => tile(k, 1)) });
    await wrapper.find('input.hewb-filter').setValue('bed-1');
    expect(keys(wrapper)).toEqual(['bed-1', 'bed-10', 'BED-11']);
    expect(wrapper.find('.hewb-note').text()).toBe('3 of 4 match');
    await wrapper.find('input.hewb-filter').setValue('nobody');
    expect(keys(wrapper)).toEqual([]);
    expect(wrapper.find('.hewb-empty').text()).toBe('No key matches the filter');
  });

  it('holds 1,000 keys but draws at most the cap, most urgent first, and says so', async () => {
    const { wrapper, deliver } = mountBoard({ shown: 100 });
    const tiles = Array.from({ length: 1000 }, (_, i) =>
      tile(`bed-${i}`, i % 10, i === 777 ? { a: [alarm('critical')] } : {}),
    );
    await deliver({ kind: 'snapshot', tiles });
    expect(wrapper.findAll('li.hewb-tile')).toHaveLength(100);
    expect(keys(wrapper)[0]).toBe('bed-777');
    expect(wrapper.find('.hewb-note').text()).toBe('Showing 100 of 1000 · type in the filter to narrow');
    await wrapper.find('input.hewb-filter').setValue('bed-99');
    // Scores are i % 10: highest first, then the key.
    expect(keys(wrapper)).toEqual([
      'bed-99',
      'bed-999',
      'bed-998',
      'bed-997',
      'bed-996',
      'bed-995',
      'bed-994',
      'bed-993',
      'bed-992',
      'bed-991',
      'bed-990',
    ]);
    expect(wrapper.find('.hewb-note').text()).toBe('11 of 1000 match');
  });

  it('merges batches into what it holds and drops removed keys; a snapshot replaces everything', async () => {
    const { wrapper, deliver } = mountBoard();
    await deliver({ kind: 'snapshot', tiles: [tile('a', 1, { sp: [1, 1] }), tile('b', 2), tile('c', 3)] });
    await deliver({ tiles: [tile('a', 6)], removed: ['c'] });
    expect(keys(wrapper)).toEqual(['a', 'b']);
    expect(wrapper.find('li[data-key="a"] svg.hewb-spark').exists()).toBe(true);
    await deliver({ kind: 'snapshot', tiles: [tile('z', 0)] });
    expect(keys(wrapper)).toEqual(['z']);
  });

  it('gives every tile and button a label for screen readers, and keeps them all in the tab order', async () => {
    const { wrapper, deliver } = mountBoard();
    await deliver({ tiles: [tile('bed-1', 8, { a: [alarm('critical')] })] });
    const li = wrapper.find('li.hewb-tile');
    expect(li.attributes('aria-label')).toMatch(
      /^bed-1\. NEWS2 8, high\. HR 88 \/min, SpO2 96 %, Temp 37\.2 °C\. NEWS2 critical, since \d\d:\d\d, not acknowledged\. 12 s ago$/,
    );
    expect(wrapper.find('section.hewb').attributes('aria-label')).toBe('Ward board');
    expect(wrapper.find('input.hewb-filter').attributes('aria-label')).toBe('Filter by key');
    expect(wrapper.find('button.hewb-key').attributes('aria-label')).toBe('Show bed-1 in the charts');
    expect(wrapper.find('button.hewb-ack').attributes('aria-label')).toBe('Acknowledge the alarm of bed-1');
    for (const el of wrapper.findAll('button, input')) expect(el.attributes('tabindex')).toBeUndefined();
  });

  it('operates by keyboard: focus moves filter → tile → Acknowledge, and a focused button works with Enter', async () => {
    const { wrapper, deliver, actions } = mountBoard();
    await deliver({ tiles: [tile('bed-1', 8, { a: [alarm('critical')] })] });
    const order = Array.from(document.querySelectorAll<HTMLElement>('button, input, [tabindex]')).map(
      (e) => e.className,
    );
    expect(order).toEqual(['hewb-filter', 'hewb-key', 'hewb-ack']);
    // jsdom does not turn Enter on a button into a click as browsers do: the browser smoke test
    // presses the keys in Chromium. Here: the focused native button is what Enter clicks.
    const ack = wrapper.find('button.hewb-ack').element as HTMLButtonElement;
    ack.focus();
    expect(document.activeElement).toBe(ack);
    ack.click();
    expect(actions()).toEqual([{ action: 'ack', key: 'bed-1' }]);
  });

  it('speaks Korean when set to, or when Node-RED runs in Korean', async () => {
    for (const props of [{ lang: 'ko' }, { lang: '', serverLang: 'ko' }]) {
      const { wrapper, deliver } = mountBoard(props);
      await deliver({
        tiles: [
          tile('bed-1', 8, { a: [alarm('critical')] }),
          tile('bed-2', 3, { s: { total: 3, band: 'low-medium', complete: true }, stale: true }),
        ],
      });
      const [first, second] = wrapper.findAll('li.hewb-tile');
      expect(first.find('.hewb-score').text()).toBe('8 높음');
      expect(first.find('.hewb-alarm').text()).toMatch(/^위급 \d\d:\d\d/);
      expect(first.find('button.hewb-ack').text()).toBe('확인');
      expect(first.find('.hewb-age').text()).toBe('12초 전');
      expect(second.find('.hewb-score').text()).toBe('3 낮음-중간');
      expect(second.find('.hewb-stale-mark').text()).toBe('수신 끊김');
      expect(wrapper.find('input.hewb-filter').attributes('placeholder')).toBe('키로 찾기');
      expect(wrapper.find('section.hewb').attributes('lang')).toBe('ko');
      wrapper.unmount();
    }
  });

  it('follows the browser when neither the node nor Node-RED names a language it has', async () => {
    const { wrapper } = mountBoard({ lang: '', serverLang: 'de' });
    // jsdom's navigator.languages is en-US.
    expect(wrapper.find('section.hewb').attributes('lang')).toBe('en');
  });
});
