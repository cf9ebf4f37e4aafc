/**
 * The few `Reflect` metadata functions @peculiar/x509's dependency injection (tsyringe) insists on
 * finding before it loads. x509's classes take no constructor arguments, so a plain WeakMap store
 * is all it needs; this spares the emulator a dependency on a full reflect-metadata polyfill.
 * Import this module before `@peculiar/x509`.
 */
type MetadataReflect = typeof Reflect & {
  getMetadata?: (key: unknown, target: object) => unknown;
  getOwnMetadata?: (key: unknown, target: object) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object) => void;
  metadata?: (key: unknown, value: unknown) => (target: object) => void;
};

const r = Reflect as MetadataReflect;

if (!r.getMetadata) {
  const store = new WeakMap<object, Map<unknown, unknown>>();
  const own = (target: object) => store.get(target);
  r.defineMetadata = (key, value, target) => {
    let map = own(target);
    if (!map) store.set(target, (map = new Map()));
    map.set(key, value);
  };
  r.getOwnMetadata = (key, target) => own(target)?.get(key);
  r.getMetadata = (key, target) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const map = own(t);
      if (map?.has(key)) return map.get(key);
    }
    return undefined;
  };
  r.metadata = (key, value) => (target) => r.defineMetadata?.(key, value, target);
}

export {};
