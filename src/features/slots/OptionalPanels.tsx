// Panels written in their own feature folders (the latent explorer, custom datasets), shown in
// the page's section frame when their files exist (the frame gives the title). import.meta.glob resolves at build time to
// nothing when a file is missing, so the page builds with or without them; each loads lazily
// and a failure inside one stays inside its frame.

import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Card } from '../../components/Card';
import './slots.css';

type PanelModule = Record<string, unknown>;

const latent = import.meta.glob<PanelModule>('../latent/LatentPanel.tsx');
const custom = import.meta.glob<PanelModule>('../custom-dataset/CustomDatasetPanel.tsx');

function lazyPanel(
  modules: Record<string, () => Promise<PanelModule>>,
  exportName: string,
): ComponentType | null {
  const load = Object.values(modules)[0];
  if (load === undefined) return null;
  return lazy(async () => {
    const module = await load();
    const panel = (module[exportName] ?? module.default) as ComponentType | undefined;
    if (panel === undefined) throw new Error(`${exportName} is not exported`);
    return { default: panel };
  });
}

const LatentPanel = lazyPanel(latent, 'LatentPanel');
const CustomDatasetPanel = lazyPanel(custom, 'CustomDatasetPanel');

export function LatentSlot() {
  if (LatentPanel === null) return null;
  return (
    <Card
      title="Latent space"
      subtitle="Walk through the codes the model turns into images"
      className="slot-card slot-latent"
      testId="latent-section"
    >
      <PanelFrame name="latent explorer">
        <LatentPanel />
      </PanelFrame>
    </Card>
  );
}

export function CustomDatasetSlot() {
  if (CustomDatasetPanel === null) return null;
  return (
    <Card
      title="Your own images"
      subtitle="Train on a folder or zip of pictures; they stay in this browser"
      className="slot-card slot-custom"
      testId="custom-dataset-section"
    >
      <PanelFrame name="custom dataset panel">
        <CustomDatasetPanel />
      </PanelFrame>
    </Card>
  );
}

function PanelFrame(props: { name: string; children: ReactNode }) {
  return (
    <PanelBoundary name={props.name}>
      <Suspense fallback={<div className="slot-loading">Loading…</div>}>{props.children}</Suspense>
    </PanelBoundary>
  );
}

class PanelBoundary extends Component<
  { name: string; children: ReactNode },
  { error: string | null }
> {
  override state = { error: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override render() {
    if (this.state.error !== null) {
      return (
        <p className="slot-error" role="alert">
          The {this.props.name} stopped working: {this.state.error}
        </p>
      );
    }
    return this.props.children;
  }
}
