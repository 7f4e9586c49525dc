import { join } from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { trayView, type TrayAction, type TrayItem, type TrayState, type TrayView } from './tray-menu';

/** The system tray: rebuilt from the menu model on every state change. */
export class AppTray {
  private readonly tray: Tray;
  private view: TrayView | undefined;

  constructor(
    private readonly imagesDir: string,
    private readonly actions: Record<TrayAction, () => void>,
    state: TrayState,
  ) {
    this.tray = new Tray(this.image('tray-off'));
    // On Windows and most Linux panels a click on the icon is how people open the app.
    this.tray.on('click', () => this.actions['open-window']());
    this.update(state);
  }

  update(state: TrayState): void {
    const view = trayView(state);
    if (view.icon !== this.view?.icon) this.tray.setImage(this.image(view.icon));
    this.tray.setToolTip(view.tooltip);
    this.tray.setContextMenu(Menu.buildFromTemplate(view.items.map((item) => this.menuItem(item))));
    this.view = view;
  }

  /** What the menu shows now (the Electron e2e tests read it; a native menu cannot be inspected). */
  current(): TrayView | undefined {
    return this.view;
  }

  /** Runs a menu action as a click would. */
  run(action: TrayAction): void {
    this.actions[action]();
  }

  destroy(): void {
    this.tray.destroy();
  }

  private menuItem(item: TrayItem): MenuItemConstructorOptions {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'info':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, click: () => this.run(item.action) };
      case 'checkbox':
        return { type: 'checkbox', label: item.label, checked: item.checked, enabled: item.enabled, click: () => this.run(item.action) };
    }
  }

  private image(name: TrayView['icon']) {
    // Electron picks name@2x.png beside it on high-density screens.
    return nativeImage.createFromPath(join(this.imagesDir, `${name}.png`));
  }
}
