export { type LocalRedis, startLocalRedis } from "../../src/testing/redis-server.js";
