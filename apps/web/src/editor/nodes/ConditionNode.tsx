import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { RuleFlowNode } from '../canvas/to-flow';
import { describeWhen, nodeTitle } from '@sluice/graph';
import { NodeFrame } from './NodeFrame';

/** An IF node: records that match leave by "then", the others by "else". */
export const ConditionNode = memo(function ConditionNode({ data, selected }: NodeProps<RuleFlowNode>) {
  const node = data.node;
  const text = node.kind === 'condition' ? describeWhen(node.when) : '';
  return (
    <NodeFrame data={data} selected={selected} kindLabel="If" title={nodeTitle(node)} body={text}>
      <Handle type="target" position={Position.Left} id="in" />
      <Handle type="source" position={Position.Right} id="then" className="handle-then" style={{ top: '35%' }} />
      <span className="handle-label handle-label-then" aria-hidden="true">
        then
      </span>
      <Handle type="source" position={Position.Right} id="else" className="handle-else" style={{ top: '75%' }} />
      <span className="handle-label handle-label-else" aria-hidden="true">
        else
      </span>
    </NodeFrame>
  );
});
