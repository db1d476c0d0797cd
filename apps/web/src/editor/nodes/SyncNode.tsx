import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { RuleFlowNode } from '../canvas/to-flow';
import { nodeTitle } from '@sluice/graph';
import { NodeFrame } from './NodeFrame';

/** A record reaching this node is synced. */
export const SyncNode = memo(function SyncNode({ data, selected }: NodeProps<RuleFlowNode>) {
  return (
    <NodeFrame data={data} selected={selected} kindLabel="Sync" title={nodeTitle(data.node)}>
      <Handle type="target" position={Position.Left} id="in" />
    </NodeFrame>
  );
});
