import type * as vscode from 'vscode';
import type { QueueTreeProvider } from './queueTreeProvider';
import type { QueueNode } from './queueNodes';

export interface RenderedItem {
  id?: string;
  label: string;
  description?: string;
  contextValue?: string;
  collapsible: boolean;
  command?: string;
  accessibilityLabel?: string;
  decorationQuery?: string;
  children?: RenderedItem[];
}

/**
 * The tree exactly as the provider hands it to VS Code, for tests and automation: VS Code offers
 * no API to read another view's items, and tests must see what users see.
 */
export async function renderTree(provider: QueueTreeProvider, maxDepth = 2): Promise<RenderedItem[]> {
  const walk = async (node: QueueNode | undefined, depth: number): Promise<RenderedItem[]> => {
    const out: RenderedItem[] = [];
    for (const child of provider.getChildren(node)) {
      const item: vscode.TreeItem = provider.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const rendered: RenderedItem = {
        id: item.id,
        label,
        description: typeof item.description === 'string' ? item.description : undefined,
        contextValue: item.contextValue,
        collapsible: item.collapsibleState !== undefined && item.collapsibleState !== 0,
        command: item.command?.command,
        accessibilityLabel: item.accessibilityInformation?.label,
        decorationQuery: item.resourceUri?.query,
      };
      if (rendered.collapsible && depth < maxDepth) rendered.children = await walk(child, depth + 1);
      out.push(rendered);
    }
    return out;
  };
  return walk(undefined, 1);
}
