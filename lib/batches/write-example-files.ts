// Writes public/examples/* from createExampleFile (see example-files.ts). A dev script, not part of the app.
import fs from 'node:fs';
import path from 'node:path';
import { batchFormats } from './schemas';
import { createExampleFile, exampleFileName, exampleTaskTypes, hasGoldExamples } from './example-files';

const dir = path.resolve('public/examples');
fs.mkdirSync(dir, { recursive: true });
for (const type of exampleTaskTypes) {
  for (const format of batchFormats) {
    for (const isGold of hasGoldExamples(type) ? [false, true] : [false]) {
      const name = exampleFileName(type, format, isGold);
      fs.writeFileSync(path.join(dir, name), createExampleFile(type, format, isGold));
      console.log(`wrote public/examples/${name}`);
    }
  }
}
