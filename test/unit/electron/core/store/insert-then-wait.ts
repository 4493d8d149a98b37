/**
 * Child process for the SIGKILL durability test: open the store, insert one
 * message, report its id, then hang until killed (never closing the store).
 */
import { openMessageStore } from '../../../../../electron/core/store/message-store';
import { makeIndex, makeMessage } from './store-helpers';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: insert-then-wait.ts DB_PATH');
const store = openMessageStore(dbPath);
const summary = store.insertMessage(makeMessage('durable\r\n'), makeIndex());
process.stdout.write(`inserted ${summary.id}\n`);
// Stay alive (bounded) so the parent's SIGKILL is what ends us.
setTimeout(() => process.exit(3), 30_000);
