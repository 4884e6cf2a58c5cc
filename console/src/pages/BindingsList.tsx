/** The ordered bindings as a sortable list (dnd-kit: pointer and keyboard sensors), each with its running version. */
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { Binding } from '../api/types';
import { Link } from '../components/ui';
import { deployedLabel } from '../state/action-status';

export function BindingsList(props: {
  bindings: Binding[];
  disabled: boolean;
  onMove(from: number, to: number): void;
  onRemove(index: number): void;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = props.bindings.map((b) => b.id);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    props.onMove(ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
  };
  const nameOf = (id: string | number) => props.bindings.find((b) => b.id === id)?.display_name ?? String(id);
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        announcements: {
          onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}.`,
          onDragOver: ({ active, over }) =>
            over ? `${nameOf(active.id)} is over position ${ids.indexOf(String(over.id)) + 1}.` : undefined,
          onDragEnd: ({ active, over }) =>
            over ? `${nameOf(active.id)} dropped at position ${ids.indexOf(String(over.id)) + 1}.` : undefined,
          onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled.`,
        },
      }}
    >
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <ol className="binding-list" aria-label="Bound actions, in the order they run" data-testid="bindings">
          {props.bindings.map((b, i) => (
            <BindingItem
              key={b.id}
              binding={b}
              index={i}
              count={props.bindings.length}
              disabled={props.disabled}
              onMove={props.onMove}
              onRemove={props.onRemove}
            />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function BindingItem(props: {
  binding: Binding;
  index: number;
  count: number;
  disabled: boolean;
  onMove(from: number, to: number): void;
  onRemove(index: number): void;
}) {
  const { binding: b, index: i } = props;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: b.id,
    disabled: props.disabled,
  });
  return (
    <li
      ref={setNodeRef}
      className={`binding${isDragging ? ' dragging' : ''}`}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      data-testid="binding"
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="handle"
        {...attributes}
        {...listeners}
        aria-label={`Reorder ${b.display_name} (position ${i + 1} of ${props.count})`}
      >
        ⠿
      </button>
      <span className="position">{i + 1}</span>
      <span className="binding-name">
        <Link to={`/actions/${b.action.id}`}>{b.display_name}</Link>
      </span>
      <span className="running">running {deployedLabel(b.action)}</span>
      <RowButton
        label="Move up"
        ariaLabel={`Move up: ${b.display_name}`}
        onClick={() => props.onMove(i, i - 1)}
        disabled={props.disabled || i === 0}
      />
      <RowButton
        label="Move down"
        ariaLabel={`Move down: ${b.display_name}`}
        onClick={() => props.onMove(i, i + 1)}
        disabled={props.disabled || i === props.count - 1}
      />
      <RowButton
        label="Remove"
        ariaLabel={`Remove ${b.display_name} from the flow`}
        onClick={() => props.onRemove(i)}
        disabled={props.disabled}
      />
    </li>
  );
}

/** A small button of a binding's row; `ariaLabel` names the binding it acts on. */
function RowButton(props: { label: string; ariaLabel: string; onClick: () => void; disabled: boolean }) {
  return (
    <button
      type="button"
      className="small"
      onClick={props.onClick}
      disabled={props.disabled}
      aria-label={props.ariaLabel}
    >
      {props.label}
    </button>
  );
}
