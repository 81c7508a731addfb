import { TapButtons } from './tap-button.js';

export default function Home() {
  return (
    <main>
      <TapButtons />
    </main>
  );
}
