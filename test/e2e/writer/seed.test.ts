// Patterns 4 and 12 on the seed's own case: `priority` (free text) becomes `priority_id`, an integer
// foreign key to a new `priorities` table, plus a new `due_date`, all in one migration. The
// rename and the conversion are one change: the data survives.
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { generate, projectAtHead, proveRoundTrip, useExampleModels } from "./scenario";

describe("writer e2e: the seed scenario", () => {
  it("12. lookup table, renamed and converted column with a foreign key, new column: one safe migration", async () => {
    const p = await projectAtHead("seed");
    try {
      await useExampleModels(p);
      const { text, path } = await generate(p, "-m", "priority lookup table", "--database-url", p.db.url);
      const order = [
        "tasks.priority: % value(s) do not convert to integer",
        "op.create_table(\n        'priorities'",
        "op.add_column('tasks', sa.Column('due_date'",
        "op.alter_column('tasks', 'priority', new_column_name='priority_id')",
        "postgresql_using='priority_id::integer'",
        "op.create_foreign_key('fk_tasks_priority_id', 'tasks', 'priorities', ['priority_id'], ['id'])",
      ].map((s) => text.indexOf(s));
      assert.ok(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), text);
      assert.doesNotMatch(text, /drop_column\('tasks', 'priority'\)\n(?!.*downgrade)/);

      // What the user fills in: what each free-text value becomes, and the lookup rows.
      await p.edit(path, (t) =>
        t
          .replace("WHEN 'high' THEN 'high'", "WHEN 'high' THEN '1'")
          .replace("WHEN 'low' THEN 'low'", "WHEN 'low' THEN '3'")
          .replace(
            "    op.create_foreign_key('fk_tasks_priority_id'",
            "    op.execute(\"INSERT INTO priorities (id, name, color) VALUES (1, 'High', '#ef4444'), (2, 'Normal', '#3b82f6'), (3, 'Low', '#10b981')\")\n    op.create_foreign_key('fk_tasks_priority_id'",
          ),
      );
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ title: string; priority_id: number | null }>("SELECT title, priority_id FROM tasks ORDER BY id");
        assert.deepEqual(rows, [
          { title: "Write report", priority_id: 1 },
          { title: "Review PR", priority_id: null },
          { title: "Plan sprint", priority_id: 3 },
        ]);
      });
    } finally {
      await p.close();
    }
  });
});
