import { liveQuery } from 'dexie';
import { createActivityStore } from './activity-store.ts';
import { createServerAnswers } from './apply-server.ts';
import { createCaseLists } from './case-lists.ts';
import { createCaseViews } from './case-views.ts';
import { createCaseWrites } from './case-writes.ts';
import { createEncryptionLayer } from './encryption-layer.ts';
import { LocalDb } from './local-db.ts';
import { createLocalLock, readLockRecord } from './local-lock.ts';
import { createOutbox } from './outbox.ts';
import { createStoreContext, isQuotaError } from './store-context.ts';
import { registerInternals, type StoreInternals } from './store-internals.ts';
import { StorageError } from './storage-error.ts';
import { createTextSearch } from './text-search.ts';
import type { LocalStore, OpenLocalStoreOptions } from './types.ts';

function randomSuffix(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Opens the signed-in user's local database and assembles the store from its parts, one job each: case writes
 * (case-writes.ts), derived views (case-views.ts), lists (case-lists.ts), activities (activity-store.ts), the outbox
 * (outbox.ts) and applying the server's answers (apply-server.ts). They share one context (store-context.ts).
 */
export async function openLocalStore(options: OpenLocalStoreOptions): Promise<LocalStore> {
  const { user } = options;
  const db = new LocalDb(`tiaojie-${user.id}`, options);
  // Every read and write below goes through the encryption layer (off until a PIN is set).
  const layer = createEncryptionLayer();
  db.use(layer.middleware);
  await db.open();
  if (await readLockRecord(db)) layer.set('locked');

  const replicaId = await db.transaction('rw', db.meta, async () => {
    const existing = await db.meta.get('replicaId');
    if (typeof existing?.value === 'string') return existing.value;
    const id = `${options.deviceId}.${randomSuffix()}`;
    await db.meta.put({ key: 'replicaId', value: id });
    return id;
  });

  const ctx = createStoreContext(db, user, replicaId, options);
  const { now, write, writeListeners } = ctx;
  const textSearch = createTextSearch(db);
  const outbox = createOutbox(ctx);
  const views = createCaseViews(ctx, outbox);
  const { recomputeCase } = views;
  // Unlocking counts as a write for the engine: what waited while locked is sent at once.
  const lock = createLocalLock(db, layer, () => {
    for (const l of writeListeners) l();
  });

  const store: LocalStore = {
    user,
    replicaId,
    ...createCaseWrites(ctx, outbox, views),
    ...createCaseLists(ctx, textSearch),
    ...createActivityStore(ctx, outbox, views),

    async saveDraft(key, value) {
      // Drafts are outside `allTables`, so they get their own transaction (still STORAGE_FULL on a full disk).
      try {
        await db.drafts.put({ key, value, savedAt: now().toISOString() });
      } catch (e) {
        if (isQuotaError(e)) throw new StorageError('STORAGE_FULL', 'phone storage is full');
        throw e;
      }
    },
    async loadDraft<T>(key: string) {
      return (await db.drafts.get(key))?.value as T | undefined;
    },
    async clearDraft(key) {
      await db.drafts.delete(key);
    },

    async getSyncStatus() {
      const [total, confirmed, attention, pendingPhotos, last, error, rewound] = await Promise.all([
        db.outbox.count(),
        db.outbox.where('confirmedSeq').above(0).count(),
        db.attention.toArray(),
        db.photos.where('uploaded').equals(0).count(),
        db.meta.get('lastSuccessAt'),
        db.meta.get('lastError'),
        db.meta.get('rewound'),
      ]);
      return {
        pending: total - confirmed,
        pendingPhotos,
        attention,
        lastSuccessAt: (last?.value as string | undefined) ?? null,
        lastError: (error?.value as { code: never; message: string; at: string } | undefined) ?? null,
        resyncing: rewound?.value === true,
      };
    },

    async dismissAttention(mutationId) {
      await write(async () => {
        const item = await db.attention.get(mutationId);
        await db.attention.delete(mutationId);
        if (item?.caseId) await recomputeCase(item.caseId);
      });
    },

    async hasUnsynced() {
      const s = await store.getSyncStatus();
      return s.pending > 0 || s.pendingPhotos > 0;
    },

    observe(query) {
      const observable = liveQuery(() => query(store));
      return {
        subscribe(next, error) {
          const sub = observable.subscribe({ next, error: error ?? ((e: unknown) => console.error(e)) });
          return () => sub.unsubscribe();
        },
      };
    },

    async wipe() {
      textSearch.dispose();
      db.close();
      await db.delete();
    },

    close() {
      textSearch.dispose();
      db.close();
    },
  };

  const internals: StoreInternals = {
    db,
    replicaId,
    pendingEntries: outbox.pendingEntries,
    keptEntries: outbox.keptEntries,
    lastSentId: outbox.lastSentId,
    ...createServerAnswers(ctx, outbox, views),
    lock,
    isLocked: () => layer.mode === 'locked',

    photosToUpload: () => db.photos.where('uploaded').equals(0).toArray(),

    async markPhotoUploaded(sha256) {
      await db.photos.update(sha256, { uploaded: 1 });
    },

    async recordSyncOutcome(outcome) {
      const at = now().toISOString();
      await db.transaction('rw', db.meta, async () => {
        if (outcome.ok) {
          await db.meta.put({ key: 'lastSuccessAt', value: at });
          await db.meta.delete('lastError');
        } else {
          await db.meta.put({ key: 'lastError', value: { code: outcome.code, message: outcome.message, at } });
        }
      });
    },

    onLocalWrite(listener) {
      writeListeners.add(listener);
      return () => writeListeners.delete(listener);
    },
  };
  registerInternals(store, internals);
  return store;
}
