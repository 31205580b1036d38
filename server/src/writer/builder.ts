// Shared state while planning one migration: the steps so far, notes, and what the plan already
// creates (so a table's own index reported twice is created once).
import type { SchemaChange } from "../diff/types";
import type { Schema } from "../schema/types";
import type { MigrationPlan, MigrationStep, Phase, WriterContext } from "./types";

export class PlanBuilder {
  readonly steps: MigrationStep[] = [];
  readonly notes: string[] = [];
  readonly warnings: string[] = [];
  /** Tables this migration creates. */
  readonly newTables: Set<string>;
  /** Keys of objects already planned ("index:name", "fk:table:cols"), to skip duplicates. */
  private readonly planned = new Set<string>();

  constructor(
    readonly ctx: WriterContext,
    readonly changes: SchemaChange[],
  ) {
    this.newTables = new Set(changes.flatMap((c) => (c.kind === "add-table" ? [c.table.name] : [])));
  }

  get database(): Schema | undefined {
    return this.ctx.database?.schema;
  }

  add(phase: Phase, summary: string, upgrade: string[], downgrade: string[]): void {
    this.steps.push({ phase, summary, upgrade, downgrade });
  }

  /** True the first time a key is claimed. */
  claim(key: string): boolean {
    if (this.planned.has(key)) return false;
    this.planned.add(key);
    return true;
  }

  build(order: readonly Phase[]): MigrationPlan {
    const rank = new Map(order.map((p, i) => [p, i]));
    // Stable sort: within a phase, steps keep the order they were planned in.
    const steps = this.steps
      .map((step, i) => ({ step, i }))
      .sort((a, b) => (rank.get(a.step.phase) ?? 0) - (rank.get(b.step.phase) ?? 0) || a.i - b.i)
      .map(({ step }) => step);
    return { steps, notes: [...this.notes], warnings: [...this.warnings] };
  }
}
