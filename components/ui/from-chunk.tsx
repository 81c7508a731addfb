'use client';
import { use, type ComponentType } from 'react';

/**
 * A component in a chunk of its own, loaded on first render (or on `preload()`) and kept for every render after, so
 * a render waits for it at most once per page load. Rendering it before its chunk arrived suspends to the nearest
 * Suspense boundary; React.lazy does the same but forgets nothing either, and this adds `preload`.
 */
export function fromChunk<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loading: Promise<ComponentType<P>> | undefined;
  let loaded: ComponentType<P> | undefined;
  const preload = () => (loading ??= load().then((component) => (loaded = component)));
  function Chunked(props: P) {
    const Component = loaded ?? use(preload());
    return <Component {...props} />;
  }
  return Object.assign(Chunked, { preload });
}
