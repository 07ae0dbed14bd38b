import type { PromptDefinition } from "@mcp-connectors/tool-builder";
import { z } from "zod";

const weeklyReview: PromptDefinition<{ week_start: z.ZodOptional<z.ZodString> }> = {
  name: "weekly_training_review",
  title: "Weekly training review",
  description: "Review one week of training: volume, intensity, fitness and recovery.",
  arguments: {
    week_start: z.string().optional().describe("first day of the week, YYYY-MM-DD; default the last 7 days"),
  },
  message: ({ week_start }) =>
    [
      `Review my training for ${week_start ? `the week starting ${week_start}` : "the last 7 days"}.`,
      "Use get_activities for the sessions, get_fitness for fitness, fatigue and form, and get_wellness_data for sleep, HRV and resting HR.",
      "Summarise total time, distance and load by sport, the key sessions and how they went, the trend in fitness and form, and any recovery warning signs. End with two or three concrete suggestions.",
    ].join(" "),
};

const planNextWeek: PromptDefinition<{
  goal: z.ZodOptional<z.ZodString>;
  hours: z.ZodOptional<z.ZodString>;
}> = {
  name: "plan_next_week",
  title: "Plan next week",
  description: "Draft next week's workouts from recent training, form and the calendar.",
  arguments: {
    goal: z.string().optional().describe("what the week should build towards, e.g. a race"),
    hours: z.string().optional().describe("training hours available"),
  },
  message: ({ goal, hours }) =>
    [
      "Plan my training for next week.",
      goal ? `Goal: ${goal}.` : "",
      hours ? `I have about ${hours} hours.` : "",
      "First read get_fitness (last 6 weeks), get_activities (last 2 weeks), get_events (next 2 weeks, for races and notes) and get_athlete (thresholds and zones).",
      "Propose one session per day with its purpose, duration and target zones, keeping form out of high risk. Show the plan and ask before saving anything; when I agree, save each workout with add_or_update_event using Intervals.icu workout text (resource intervals://workout-syntax).",
    ]
      .filter(Boolean)
      .join(" "),
};

export const prompts = [weeklyReview, planNextWeek];
