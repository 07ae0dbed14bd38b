// The client: HTTP and types, no MCP. A real connector keeps it in its own package under packages/.

/** Where the weather API lives and the key it wants. */
export interface WeatherConfig {
  baseUrl: string;
  apiKey: string;
}

/** One day's forecast, as the API returns it. */
export interface Forecast {
  city: string;
  date: string;
  summary: string;
  high_c: number;
  low_c: number;
}

/** An answer other than 200, with its status so that the app can map it to a ToolError. */
export class WeatherApiError extends Error {
  override name = "WeatherApiError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads tomorrow's forecast for a city: `GET /v1/forecast?city=…` with the key in `x-api-key`. */
export async function getForecast(
  config: WeatherConfig,
  city: string,
  signal?: AbortSignal,
): Promise<Forecast> {
  const url = new URL("/v1/forecast", config.baseUrl);
  url.searchParams.set("city", city);
  const response = await fetch(url, { headers: { "x-api-key": config.apiKey }, signal });
  if (!response.ok) {
    throw new WeatherApiError(response.status, `The weather API answered ${response.status}.`);
  }
  return (await response.json()) as Forecast;
}
