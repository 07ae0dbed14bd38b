import { createRandom, type Random } from "./random.js";

export type FakeBillingType = "one_time" | "recurring";

export const CANCELLATION_REASONS = [
  "customer_service",
  "low_quality",
  "missing_features",
  "switched_service",
  "too_complex",
  "too_expensive",
  "unused",
  "other",
] as const;

export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export interface FakeProduct {
  id: string;
  name: string;
  description: string;
  billingType: FakeBillingType;
  recurringInterval: "month" | "year" | null;
  priceCents: number;
  /** Seat-based: each subscription buys several seats. */
  seatBased: boolean;
  /** Days of free trial a subscription may start with; 0 for none. */
  trialDays: number;
  isArchived: boolean;
  createdAt: number;
}

/** One paid order. Times are epoch milliseconds; money in cents. */
export interface FakeOrder {
  at: number;
  productId: string;
  customerId: string;
  billingType: FakeBillingType;
  kind: "one_time" | "new_subscription" | "renewal";
  /** Before fees and tax (Polar's `revenue`). */
  subtotal: number;
  /** After Polar's and the payment processor's fees (Polar's `net_revenue`). */
  net: number;
}

export interface FakeSubscription {
  id: string;
  productId: string;
  customerId: string;
  startedAt: number;
  /** End of the free trial, or null without one. */
  trialEndsAt: number | null;
  canceledAt: number | null;
  reason: CancellationReason | null;
  endedAt: number | null;
  /** The subscription's price normalized to one month, in cents. */
  monthlyCents: number;
  seats: number;
  claimedSeats: number;
}

export interface FakeCheckout {
  at: number;
  productId: string;
  customerId: string;
  succeeded: boolean;
}

/** A cost event (e.g. an LLM call) in cents with fractions, attributed to a customer's subscription or to nobody. */
export interface FakeCost {
  at: number;
  amount: number;
  customerId: string | null;
  productId: string | null;
}

/** Everything the fake computes its metrics from. Lists are sorted by time. */
export interface FakeStore {
  organizationId: string;
  /** The store's first and last instants (epoch ms). */
  startsAt: number;
  endsAt: number;
  products: FakeProduct[];
  customerIds: string[];
  orders: FakeOrder[];
  subscriptions: FakeSubscription[];
  checkouts: FakeCheckout[];
  costs: FakeCost[];
}

const DAY = 86_400_000;
/** Polar's cut (4% + 40¢) plus the processor's, folded into one fee. */
const netOf = (subtotal: number) => Math.max(0, Math.round(subtotal * 0.95 - 40));

/**
 * Generates a deterministic store: a few products, customers arriving at a growing rate, one-time orders,
 * subscriptions with trials, renewals, cancellations (with reasons) and churn, and usage costs,
 * from 2023-01-01 up to `now`.
 */
export function generateStore(seed: number, now: Date): FakeStore {
  const random = createRandom(seed);
  const startsAt = Date.UTC(2023, 0, 1);
  const endsAt = now.getTime();
  const product = (
    name: string,
    billingType: FakeBillingType,
    recurringInterval: FakeProduct["recurringInterval"],
    priceCents: number,
    extra: Partial<FakeProduct> = {},
  ): FakeProduct => ({
    id: random.uuid(),
    name,
    description: `${name} (synthetic demo product)`,
    billingType,
    recurringInterval,
    priceCents,
    seatBased: false,
    trialDays: 0,
    isArchived: false,
    createdAt: startsAt,
    ...extra,
  });
  const products = [
    product("Starter Monthly", "recurring", "month", 900, { trialDays: 14 }),
    product("Pro Monthly", "recurring", "month", 2900, { trialDays: 14 }),
    product("Pro Yearly", "recurring", "year", 29000),
    product("Team Seats", "recurring", "month", 1200, { seatBased: true }),
    product("Lifetime License", "one_time", null, 14900),
    product("Icon Pack", "one_time", null, 1900),
    product("Legacy Plan", "recurring", "month", 500, { isArchived: true }),
  ];
  const weights = [0.3, 0.2, 0.08, 0.07, 0.15, 0.2, 0];
  const store: FakeStore = {
    organizationId: random.uuid(),
    startsAt,
    endsAt,
    products,
    customerIds: [],
    orders: [],
    subscriptions: [],
    checkouts: [],
    costs: [],
  };
  const legacy = products[6] as FakeProduct;
  const knownCustomers = new Set<string>();
  for (let at = startsAt; at < endsAt; at += DAY) {
    const growth = 1 + (at - startsAt) / (365 * DAY);
    const arrivals = random.int(0, Math.round(8 * growth));
    for (let i = 0; i < arrivals; i++) {
      const time = at + random.int(0, DAY - 1);
      if (time >= endsAt) continue;
      const chosen =
        at < startsAt + 120 * DAY && random.chance(0.1) ? legacy : pickWeighted(random, products, weights);
      const customerId =
        store.customerIds.length > 20 && random.chance(0.15) ? random.pick(store.customerIds) : random.uuid();
      if (!knownCustomers.has(customerId)) {
        knownCustomers.add(customerId);
        store.customerIds.push(customerId);
      }
      const succeeded = random.chance(0.3 + 0.1 * Math.sin(at / (30 * DAY)));
      store.checkouts.push({ at: time, productId: chosen.id, customerId, succeeded });
      if (!succeeded) continue;
      if (chosen.billingType === "one_time") {
        store.orders.push({
          at: time,
          productId: chosen.id,
          customerId,
          billingType: "one_time",
          kind: "one_time",
          subtotal: chosen.priceCents,
          net: netOf(chosen.priceCents),
        });
      } else {
        subscribe(store, random, chosen, customerId, time);
      }
    }
    addCosts(store, random, at);
  }
  store.orders.sort((a, b) => a.at - b.at);
  store.checkouts.sort((a, b) => a.at - b.at);
  store.subscriptions.sort((a, b) => a.startedAt - b.startedAt);
  return store;
}

function pickWeighted<T>(random: Random, items: readonly T[], weights: readonly number[]): T {
  let roll = random.next() * weights.reduce((sum, weight) => sum + weight, 0);
  for (const [index, item] of items.entries()) {
    roll -= weights[index] ?? 0;
    if (roll < 0) return item;
  }
  return items[0] as T;
}

function addMonths(at: number, months: number): number {
  const date = new Date(at);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target.getTime() + (at % DAY);
}

/** Plays a subscription's whole life forward: trial, first charge, renewals until it churns or the store ends. */
function subscribe(
  store: FakeStore,
  random: Random,
  product: FakeProduct,
  customerId: string,
  startedAt: number,
) {
  const seats = product.seatBased ? random.int(2, 12) : 1;
  const price = product.priceCents * seats;
  const months = product.recurringInterval === "year" ? 12 : 1;
  const subscription: FakeSubscription = {
    id: random.uuid(),
    productId: product.id,
    customerId,
    startedAt,
    trialEndsAt: product.trialDays > 0 && random.chance(0.4) ? startedAt + product.trialDays * DAY : null,
    canceledAt: null,
    reason: null,
    endedAt: null,
    monthlyCents: Math.round(price / months),
    seats,
    claimedSeats: product.seatBased ? random.int(1, seats) : 1,
  };
  store.subscriptions.push(subscription);
  const cancel = (canceledAt: number, endedAt: number) => {
    subscription.canceledAt = canceledAt;
    subscription.endedAt = endedAt;
    subscription.reason = random.pick(CANCELLATION_REASONS);
  };
  let chargeAt = startedAt;
  if (subscription.trialEndsAt !== null) {
    chargeAt = subscription.trialEndsAt;
    if (random.chance(0.45)) {
      cancel(startedAt + random.int(0, product.trialDays * DAY - 1), subscription.trialEndsAt);
      return;
    }
  }
  const churn = months === 12 ? 0.2 : 0.06;
  for (let period = 0; chargeAt < store.endsAt; period++) {
    store.orders.push({
      at: chargeAt,
      productId: product.id,
      customerId,
      billingType: "recurring",
      kind: period === 0 ? "new_subscription" : "renewal",
      subtotal: price,
      net: netOf(price),
    });
    const nextCharge = addMonths(chargeAt, months);
    if (random.chance(churn)) {
      const canceledAt = chargeAt + random.int(1, nextCharge - chargeAt - 1);
      cancel(canceledAt, random.chance(0.15) ? canceledAt : nextCharge);
      return;
    }
    chargeAt = nextCharge;
  }
}

function addCosts(store: FakeStore, random: Random, dayStart: number) {
  const active = store.subscriptions
    .slice(-40)
    .filter((subscription) => subscription.endedAt === null || subscription.endedAt > dayStart);
  const count = random.int(1, 4);
  const costs: FakeCost[] = [];
  for (let i = 0; i < count; i++) {
    const at = dayStart + random.int(0, DAY - 1);
    if (at >= store.endsAt) continue;
    const owner = active.length > 0 && random.chance(0.7) ? random.pick(active) : undefined;
    costs.push({
      at,
      amount: Math.round(random.next() * 40_000) / 1000,
      customerId: owner?.customerId ?? null,
      productId: owner?.productId ?? null,
    });
  }
  store.costs.push(...costs.sort((a, b) => a.at - b.at));
}
