import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { RuleFlowNode } from '../canvas/to-flow';
import { nodeTitle } from '@sluice/graph';
import { NodeFrame } from './NodeFrame';

/** Where records enter the graph: one outgoing handle. */
export const SourceNode = memo(function SourceNode({ data, selected }: NodeProps<RuleFlowNode>) {
  return (
    <NodeFrame data={data} selected={selected} kindLabel="Start" title={nodeTitle(data.node)}>
      <Handle type="source" position={Position.Right} id="out" />
    </NodeFrame>
  );
});
