import type {
  DocumentStore,
  FindQuery,
  Filter,
  IndexDeclaration,
  NewDocument,
  Page,
  Patch,
  StoredDocument,
  TransactionStore,
} from '../server/store/document-store';

export type OperationKind = 'get' | 'find' | 'count' | 'insert' | 'update' | 'transaction';

/** Wraps any adapter and counts the store operations each action makes, by kind. */
export class CountingStore implements DocumentStore {
  counts: Record<OperationKind, number> = { get: 0, find: 0, count: 0, insert: 0, update: 0, transaction: 0 };
  /** Documents the finds answered with. */
  read = 0;

  constructor(private readonly inner: DocumentStore) {}

  reset(): void {
    for (const kind of Object.keys(this.counts) as OperationKind[]) this.counts[kind] = 0;
    this.read = 0;
  }

  total(): number {
    return Object.values(this.counts).reduce((sum, n) => sum + n, 0);
  }

  private counted(tx: TransactionStore): TransactionStore {
    return {
      get: <T extends object>(collection: string, id: string) => {
        this.counts.get += 1;
        return tx.get<T>(collection, id);
      },
      insert: <T extends object>(collection: string, doc: NewDocument<T>) => {
        this.counts.insert += 1;
        return tx.insert<T>(collection, doc);
      },
      update: (collection: string, id: string, expectedVersion: number, patch: Patch) => {
        this.counts.update += 1;
        return tx.update(collection, id, expectedVersion, patch);
      },
    };
  }

  get<T extends object>(collection: string, id: string): Promise<StoredDocument<T> | null> {
    return this.counted(this.inner).get<T>(collection, id);
  }

  insert<T extends object>(collection: string, doc: NewDocument<T>): Promise<StoredDocument<T>> {
    return this.counted(this.inner).insert<T>(collection, doc);
  }

  update(collection: string, id: string, expectedVersion: number, patch: Patch): Promise<number> {
    return this.counted(this.inner).update(collection, id, expectedVersion, patch);
  }

  async find<T extends object>(collection: string, query: FindQuery): Promise<Page<StoredDocument<T>>> {
    this.counts.find += 1;
    const page = await this.inner.find<T>(collection, query);
    this.read += page.items.length;
    return page;
  }

  count(collection: string, where: Filter): Promise<number> {
    this.counts.count += 1;
    return this.inner.count(collection, where);
  }

  transaction<T>(work: (tx: TransactionStore) => Promise<T>): Promise<T> {
    this.counts.transaction += 1;
    return this.inner.transaction((tx) => work(this.counted(tx)));
  }

  ensureIndexes(indexes: readonly IndexDeclaration[]): Promise<void> {
    return this.inner.ensureIndexes(indexes);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
