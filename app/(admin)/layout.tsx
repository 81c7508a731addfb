import { AppHeader } from '@/components/shell/app-header';
import { requirePageRole } from '@/lib/auth/viewer';

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requirePageRole('ADMIN', '/admin');
  return (
    <>
      <AppHeader area="Admin" who={viewer.name ?? viewer.email ?? 'Admin'} home="/admin" />
      <main className="mx-auto max-w-5xl px-4 py-6">{children}</main>
    </>
  );
}
