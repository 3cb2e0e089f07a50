/**
 * Prints the kiosk statechart as a Mermaid state diagram, generated from the machine itself
 * (`npx tsx test/tools/statechart-diagram.ts`); ARCHITECTURE.md embeds its output.
 */
import type { AnyStateNode } from 'xstate';
import { kioskMachine } from '../../kiosk/src/machine/kiosk-machine';

const lines: string[] = ['stateDiagram-v2'];
const name = (n: AnyStateNode) => n.id.replace(/^kiosk\.?/, '').replace(/\./g, '_') || 'kiosk';
const label = (event: string) =>
  event.replace(/^xstate\.done\.actor\.(\w+)$/, '$1 done').replace(/^xstate\.error\.actor\.(\w+)$/, '$1 failed').replace(/^xstate\.after\.(\w+)\..*$/, 'after $1');

function walk(node: AnyStateNode, indent: string): void {
  const children = Object.values(node.states) as AnyStateNode[];
  for (const child of children) {
    if (Object.keys(child.states).length) {
      lines.push(`${indent}state ${name(child)} {`);
      if (child.type === 'parallel') {
        const regions = Object.values(child.states) as AnyStateNode[];
        regions.forEach((r, i) => {
          lines.push(`${indent}  state ${name(r)} {`);
          walk(r, `${indent}    `);
          lines.push(`${indent}  }`);
          if (i < regions.length - 1) lines.push(`${indent}  --`);
        });
      } else walk(child, `${indent}  `);
      lines.push(`${indent}}`);
    }
  }
  const initial = node.initial?.target?.[0];
  if (initial && node.type !== 'parallel') lines.push(`${indent}[*] --> ${name(initial)}`);
  for (const child of children) {
    for (const [event, transitions] of child.transitions) {
      for (const t of transitions) {
        for (const target of t.target ?? []) {
          if (target === child && !t.reenter) continue;
          lines.push(`${indent}${name(child)} --> ${name(target)}: ${label(event)}`);
        }
      }
    }
    // Eventless transitions: named by where they go, since their guards are inline functions.
    const why: Record<string, string> = { chooseItems: '(no questions)', identify: '(not identified)' };
    for (const t of child.always ?? []) for (const target of t.target ?? []) lines.push(`${indent}${name(child)} --> ${name(target)}: ${why[target.key] ?? '(always)'}`);
  }
}

walk(kioskMachine.root, '  ');
console.log(lines.join('\n'));
