/**
 * Makes a /hall staff account line for config/terminal.json (hall.users):
 *   npx tsx device-bridge/src/hall/hash-password.ts NAME   (reads the password from stdin)
 */
import { hashPassword } from './password';

const name = process.argv[2];
if (!name || !/^[a-z0-9._-]{2,32}$/.test(name)) {
  process.stderr.write('usage: hash-password.ts NAME  (lower-case letters, digits, . _ -; password on stdin)\n');
  process.exit(2);
}
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const password = input.replace(/\r?\n$/, '');
  if (password.length < 10) {
    process.stderr.write('the password must have at least 10 characters\n');
    process.exit(2);
  }
  process.stdout.write(JSON.stringify({ name, scrypt: hashPassword(password) }) + '\n');
});
