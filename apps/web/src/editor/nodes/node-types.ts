import type { NodeTypes } from '@xyflow/react';
import { ActionNode } from './ActionNode';
import { ConditionNode } from './ConditionNode';
import { SourceNode } from './SourceNode';
import { SyncNode } from './SyncNode';

/** React Flow node types by graph node kind; a module constant so React Flow never remounts them. */
export const nodeTypes: NodeTypes = {
  source: SourceNode,
  condition: ConditionNode,
  action: ActionNode,
  sync: SyncNode,
};
