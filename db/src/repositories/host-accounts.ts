import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { hostAccounts } from '../schema/index.js';
import { nowIso } from '../time.js';

export type HostAccountRow = typeof hostAccounts.$inferSelect;

export interface NewHostAccount {
  email: string;
  displayName: string;
  capacity: number;
  webinarCapable: boolean;
}

export class DuplicateHostAccountError extends Error {
  override readonly name = 'DuplicateHostAccountError';
}

/** The pool of licensed meeting host accounts bookings are spread over. */
export function createHostAccountsRepository(db: Db) {
  const find = (id: number) => db.select().from(hostAccounts).where(eq(hostAccounts.id, id)).get();
  return {
    list: (): HostAccountRow[] => db.select().from(hostAccounts).orderBy(asc(hostAccounts.id)).all(),
    find,
    create(input: NewHostAccount): HostAccountRow {
      const email = input.email.trim().toLowerCase();
      const existing = db.select().from(hostAccounts).where(eq(hostAccounts.email, email)).get();
      if (existing) throw new DuplicateHostAccountError(`A host account ${email} already exists`);
      return db
        .insert(hostAccounts)
        .values({ ...input, email, active: true, createdAt: nowIso() })
        .returning()
        .get();
    },
    /** Deactivated hosts get no new bookings; meetings already booked on them stay as they are. */
    setActive: (id: number, active: boolean) =>
      db.update(hostAccounts).set({ active }).where(eq(hostAccounts.id, id)).returning().get(),
  };
}

export type HostAccountsRepository = ReturnType<typeof createHostAccountsRepository>;
