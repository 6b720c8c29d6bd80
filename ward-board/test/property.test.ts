import assert from 'node:assert/strict';
import { propertyReader } from '../nodes/ward-board/property';
const { util } = require('@node-red/util');

/** A reader as the node makes it: "msg." taken off (readSettings), Node-RED parses the path, Node-RED's reader is the fallback. */
const reader = (path: string) => {
  const bare = path.replace(/^msg\./, '');
  return propertyReader(util.normalisePropertyExpression(bare), (msg) => util.getMessageProperty(msg, bare));
};

describe('ward-board property reader', () => {
  const msg = {
    topic: 'hr',
    payload: { deviceId: 'bed-1', 'heart rate': 80, hr: 72, list: [5, 6], news2: { total: 3 } },
  };

  it('reads what Node-RED reads for names, quoted names and indexes', () => {
    for (const path of [
      'payload.deviceId',
      'msg.payload.news2.total',
      'payload["heart rate"]',
      "payload['heart rate']",
      'payload.list[1]',
      'payload.list.length',
      'topic',
    ]) {
      assert.deepEqual(reader(path)(msg), util.getMessageProperty(msg, path), path);
    }
  });

  it('gives undefined where a step is missing (Node-RED throws)', () => {
    assert.equal(reader('payload.nothing.total')(msg), undefined);
    assert.throws(() => util.getMessageProperty(msg, 'payload.nothing.total'));
  });

  it("leaves a path that refers to another property to Node-RED's reader", () => {
    assert.equal(reader('payload[msg.topic]')(msg), 72);
  });
});
