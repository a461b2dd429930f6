/** A small corner badge: who the student is in the class, and whether everything reached the instructor. */
export class StatusBadge {
  private readonly box: HTMLElement;
  private readonly text: HTMLElement;
  private readonly joinButton: HTMLButtonElement;

  constructor(onJoin: () => void) {
    this.box = document.createElement('div');
    this.box.className = 'ntlab-classroom-status';
    this.text = document.createElement('span');
    this.text.setAttribute('role', 'status');
    this.text.setAttribute('aria-live', 'polite');
    this.joinButton = document.createElement('button');
    this.joinButton.type = 'button';
    this.joinButton.textContent = 'Join the class';
    this.joinButton.hidden = true;
    this.joinButton.addEventListener('click', onJoin);
    this.box.append(this.text, this.joinButton);
    document.body.append(this.box);
  }

  /** This browser is the instructor's: say so and link the dashboard. */
  instructor(): void {
    this.box.dataset.state = 'ok';
    const link = document.createElement('a');
    link.href = '/instructor';
    link.textContent = 'Classroom: instructor view · dashboard';
    this.text.replaceChildren(link);
    this.joinButton.hidden = true;
  }

  show(name: string | null, waiting: number, linkUp: boolean, asking = false): void {
    this.joinButton.hidden = name !== null || asking;
    this.box.dataset.state = name === null ? 'out' : linkUp && waiting === 0 ? 'ok' : 'waiting';
    if (name === null) {
      this.text.textContent = waiting > 0 ? `Classroom: not joined (${waiting} waiting)` : 'Classroom: not joined';
    } else if (!linkUp) {
      this.text.textContent = `Classroom: ${name} · offline, ${waiting} waiting`;
    } else {
      this.text.textContent = waiting > 0 ? `Classroom: ${name} · sending ${waiting}` : `Classroom: ${name} · all sent`;
    }
  }
}
