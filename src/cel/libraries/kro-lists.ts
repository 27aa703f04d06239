// kro's index-mutation functions lists.setAtIndex / insertAtIndex / removeAtIndex (pkg/cel/library/
// lists.go): pure, returning new lists, with upstream's out-of-bounds messages.
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { celNamespace } from '../namespaces.js';
import { libraryError } from './errors.js';

export function setAtIndex(list: readonly unknown[], index: bigint, value: unknown): unknown[] {
  if (index < 0n || index >= BigInt(list.length)) {
    throw libraryError(`lists.setAtIndex: index ${index} out of bounds [0, ${list.length})`, 'index_out_of_range');
  }
  const out = [...list];
  out[Number(index)] = value;
  return out;
}

export function insertAtIndex(list: readonly unknown[], index: bigint, value: unknown): unknown[] {
  if (index < 0n || index > BigInt(list.length)) {
    throw libraryError(`lists.insertAtIndex: index ${index} out of bounds [0, ${list.length}]`, 'index_out_of_range');
  }
  const i = Number(index);
  return [...list.slice(0, i), value, ...list.slice(i)];
}

export function removeAtIndex(list: readonly unknown[], index: bigint): unknown[] {
  if (index < 0n || index >= BigInt(list.length)) {
    throw libraryError(`lists.removeAtIndex: index ${index} out of bounds [0, ${list.length})`, 'index_out_of_range');
  }
  const i = Number(index);
  return [...list.slice(0, i), ...list.slice(i + 1)];
}

export const kroListsLibrary: CelLibrary = {
  name: 'kro.lists',
  register(env: Environment): void {
    const ns = celNamespace(env, 'lists');
    env.registerFunction(`${ns}.setAtIndex(list<T>, int, T): list<T>`, (_ns: unknown, l: unknown[], i: bigint, v: unknown) => setAtIndex(l, i, v));
    env.registerFunction(`${ns}.insertAtIndex(list<T>, int, T): list<T>`, (_ns: unknown, l: unknown[], i: bigint, v: unknown) => insertAtIndex(l, i, v));
    env.registerFunction(`${ns}.removeAtIndex(list<T>, int): list<T>`, (_ns: unknown, l: unknown[], i: bigint) => removeAtIndex(l, i));
  },
};
