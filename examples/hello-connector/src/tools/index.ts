import { type ConnectedTool, defineTool, readOnlyAnnotations } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { type Forecast, getForecast, type WeatherConfig } from "../client.js";

/** One tool: a read of the API that changes nothing, so it carries the read-only hints. */
export const getForecastTool: ConnectedTool<WeatherConfig | undefined> = (config) =>
  defineTool({
    name: "get_forecast",
    title: "Get forecast",
    description: "Tomorrow's forecast for a city: summary and high/low in °C.",
    input: z.strictObject({
      city: z.string().trim().min(1).max(80).describe("City name, e.g. Oslo"),
    }),
    output: z.object({
      city: z.string(),
      date: z.string(),
      summary: z.string(),
      high_c: z.number(),
      low_c: z.number(),
    }),
    annotations: readOnlyAnnotations,
    handler: async ({ city }, context): Promise<Forecast> => {
      if (!config) throw new Error("not connected");
      return getForecast(config, city, context.signal);
    },
  });
