/**
 * Drop .eml and mbox files anywhere on the window to import them. An
 * overlay says what will happen while files hover; anything that is not a
 * file drag (text, links) is left alone.
 */
import { useRef, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import { useApp } from '../../app/store-context';
import { Icon } from '../../components/icon';

function hasFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files');
}

export function DropZone({ children }: { children: ReactNode }) {
  const importFiles = useApp((s) => s.importFiles);
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  return (
    <div
      className="drop-zone"
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!hasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const files = [...e.dataTransfer.files];
        void importFiles(files.map((f) => ({ name: f.name, type: f.type, bytes: async () => new Uint8Array(await f.arrayBuffer()) })));
      }}
    >
      {children}
      {over ? (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-card">
            <Icon name="upload" size={28} />
            <strong>Drop to import</strong>
            <span className="muted">.eml files and mbox mailboxes</span>
          </div>
        </div>
      ) : null}
    </div>
  );
}
