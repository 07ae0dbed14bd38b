export { type Bucket, bucketsOf, computeMetrics, type MetricsQuery } from "./compute.js";
export type { FakeFault, FakeFaults, FakeRoute } from "./faults.js";
export type { FakePolarOAuth } from "./oauth.js";
export { type FakePolar, type FakePolarOptions, type RecordedRequest, startFakePolar } from "./server.js";
export {
  CANCELLATION_REASONS,
  type CancellationReason,
  type FakeBillingType,
  type FakeCheckout,
  type FakeCost,
  type FakeOrder,
  type FakeProduct,
  type FakeStore,
  type FakeSubscription,
  generateStore,
} from "./store.js";
