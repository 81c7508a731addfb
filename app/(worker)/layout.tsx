import { AppHeader } from '@/components/shell/app-header';
import { requirePageRole } from '@/lib/auth/viewer';

export default async function WorkerLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requirePageRole('WORKER', '/tasks');
  return (
    <>
      <AppHeader area="Worker" who={viewer.worker?.displayName ?? 'Worker'} home="/tasks" />
      <div className="mx-auto max-w-md px-4 py-5">{children}</div>
    </>
  );
}
