// `npm run db:seed`: seeds demo data once (the start script runs it in demo mode).
import { disconnectDb } from '@/lib/db';
import { seedDemoData } from '@/lib/demo/seed';

seedDemoData()
  .then((created) => console.log(created ? 'Demo data seeded.' : 'Demo data already present.'))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => disconnectDb());
