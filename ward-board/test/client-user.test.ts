import assert from 'node:assert/strict';
import { clientUser, pluginsVouch } from '../nodes/ward-board/client-user';

describe('ward-board: who acknowledged (msg._client)', () => {
  it('names the user an authentication plugin put in the client data', () => {
    assert.equal(
      clientUser({ socketId: 'x', user: { userId: 'u1', username: 'kim', name: 'Nurse Kim' } }, true),
      'Nurse Kim',
    );
    assert.equal(clientUser({ user: { username: 'kim' } }, true), 'kim');
    assert.equal(clientUser({ user: { userId: 42 } }, true), '42');
    assert.equal(clientUser({ user: 'lee' }, true), 'lee');
  });

  it('names nobody from the socket alone, or when no plugin vouches for the user', () => {
    assert.equal(clientUser({ socketId: 'abc', socketIp: '127.0.0.1' }, true), undefined);
    assert.equal(clientUser({ user: { name: 'Mallory' } }, false), undefined);
    assert.equal(clientUser(undefined, true), undefined);
    assert.equal(clientUser({ user: { name: '  ' } }, true), undefined);
  });

  it('trusts the client data only when a Dashboard plugin adds credentials', () => {
    assert.equal(pluginsVouch([]), false);
    assert.equal(pluginsVouch([{ hooks: {} }, {}]), false);
    assert.equal(pluginsVouch([{ hooks: { onAddConnectionCredentials: () => ({}) } }]), true);
  });
});
