import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { RuleFlowNode } from '../canvas/to-flow';
import { describeAction, nodeTitle } from '@sluice/graph';
import { NodeFrame } from './NodeFrame';

/** A THEN node: changes the record and passes it on. */
export const ActionNode = memo(function ActionNode({ data, selected }: NodeProps<RuleFlowNode>) {
  const node = data.node;
  const text = node.kind === 'action' ? describeAction(node.do) : '';
  return (
    <NodeFrame data={data} selected={selected} kindLabel="Then" title={nodeTitle(node)} body={text}>
      <Handle type="target" position={Position.Left} id="in" />
      <Handle type="source" position={Position.Right} id="out" />
    </NodeFrame>
  );
});
