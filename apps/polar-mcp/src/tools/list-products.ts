import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { type PolarTool, readAnnotations } from "./define.js";

/** Product ids and names, to filter metrics by product. */
export const listProducts: PolarTool = (connection) =>
  defineTool({
    name: "list_products",
    title: "List products",
    description: "Polar products (id, name, billing) for the product_ids filter; needs scope products:read.",
    input: z.object({ search: z.string().min(1).max(100).optional().describe("Part of the name") }),
    output: z.object({
      products: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          billing_type: z.enum(["one_time", "recurring"]),
          recurring_interval: z.string().nullish(),
          archived: z.boolean(),
        }),
      ),
    }),
    annotations: readAnnotations,
    handler: async ({ search }, context) => {
      const products = await connection
        .client(context)
        .products.listAll(search ? { query: search } : {}, context.signal);
      return {
        products: products.map((product) => ({
          id: product.id,
          name: product.name,
          billing_type: product.is_recurring ? ("recurring" as const) : ("one_time" as const),
          recurring_interval: product.recurring_interval,
          archived: product.is_archived,
        })),
      };
    },
  });
