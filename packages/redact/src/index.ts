export { createRedactor, MASK, type Redactor } from "./redactor.js";
