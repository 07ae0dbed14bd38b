// One redactor for the clients and the server, so that both scrub every encoding of a credential alike.
export { createRedactor, type Redactor } from "@mcp-connectors/redact";
