// An embedded Aedes broker in a process of its own, so that a benchmark without Mosquitto does
// not run the broker on the same thread as Node-RED or the publisher. Reports its port over IPC.
import net from 'net';

// aedes ships CommonJS without the types we need.
const aedes = require('aedes')();
const server = net.createServer(aedes.handle);
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.send?.({ port: (server.address() as net.AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
