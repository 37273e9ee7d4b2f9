// The PouchDB peer of the ingest benchmark (bench/README.md, "Peers"): PouchDB 9 on its LevelDB adapter, served over
// HTTP by express-pouchdb, the way a PouchDB server is usually run. The bench starts it pinned to the server's core:
//   node server.mjs <data folder> <port>
// and prints "listening <port>" once it accepts requests.
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb';

const [folder, port] = process.argv.slice(2);
const Pouch = PouchDB.defaults({ prefix: folder.endsWith('/') ? folder : folder + '/' });
const app = express();
// minimumForPouchDB: the CouchDB API a PouchDB client needs (_bulk_docs, _all_docs, …), without Fauxton, users and config files.
app.use('/', expressPouchDB(Pouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: folder + '/log.txt' }));
app.listen(Number(port), '127.0.0.1', () => console.log(`listening ${port}`));
