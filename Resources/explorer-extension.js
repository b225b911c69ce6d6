// orthanc-xnat-dqr: Orthanc Explorer extension. A button to the XNAT DQR page on the home
// page, and "Send to XNAT..." on a study's page (a Transfer that obeys the schedules).
(function () {
  var ROOT = '../xnat-dqr';

  function xnatButton() {
    return $('<a>').attr({ 'data-role': 'button', 'href': ROOT + '/app/index.html',
                           'data-ajax': 'false', 'data-icon': 'forward', 'id': 'xnat-dqr-open' })
      .text('XNAT DQR');
  }

  // Explorer's own "Send to DICOM modality" follows the job of its send; a send to a Receiver's
  // entry is a Transfer instead (the plugin answers with this ID): show it on the XNAT DQR page.
  function followTransfer() {
    var match = /^#job\?uuid=xnat-dqr-transfer-(\d+)$/.exec(window.location.hash);
    if (match) {
      window.location.replace(ROOT + '/app/index.html#transfers/' + match[1]);
    }
  }
  $(window).on('hashchange', followTransfer);
  followTransfer();

  $('#lookup').live('pagebeforecreate', function () {
    if ($('#xnat-dqr-open').length === 0) {
      $(this).find('div[data-role="content"]').first().prepend(xnatButton());
    }
  });

  function sendStudy(studyId) {
    $.ajax({ url: ROOT + '/receivers?expand', dataType: 'json' }).done(function (receivers) {
      if (receivers.length === 0) {
        alert('No XNAT Receiver is registered yet: add one on the XNAT DQR page.');
        return;
      }
      var dialog = $('#xnat-dqr-send');
      dialog.find('select').empty();
      $.each(receivers, function (i, receiver) {
        dialog.find('select').append($('<option>').val(receiver.Id)
          .text(receiver.Label + ' (' + receiver.AET + ')'));
      });
      dialog.data('study', studyId).show();
      dialog.find('select').focus();
    });
  }

  // "2026-12-05T00:00:00.000+01:00" (the host's time) as "Sat 5 Dec 00:00".
  function hostTime(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || '');
    if (!m) { return iso || ''; }
    var days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    var months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    var day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay();
    return days[day] + ' ' + (+m[3]) + ' ' + months[+m[2] - 1] + ' ' + m[4] + ':' + m[5];
  }

  function outcome(transfer) {
    var text = 'Queued as Transfer ' + transfer.Id + ' for ' + transfer.Receiver + ' (' +
      transfer.InstancesTotal + ' instances)';
    var waiting = transfer.Waiting;
    if (waiting && waiting.Reason === 'starting') {
      return text + ': it starts now.';
    }
    if (waiting) {
      return text + ': ' + waiting.Reason + (waiting.Until ? ' until ' + hostTime(waiting.Until) +
        ' (PACS host time)' : '') + '.';
    }
    return text + '.';
  }

  function sendDialog() {
    var dialog = $('<div id="xnat-dqr-send" role="dialog" aria-label="Send to XNAT">')
      .css({ position: 'fixed', top: '20%', left: '50%', transform: 'translateX(-50%)',
             background: '#fff', border: '1px solid #888', padding: '1em', 'z-index': 2000,
             'box-shadow': '0 4px 16px rgba(0,0,0,.3)', 'min-width': '18em' })
      .hide();
    var select = $('<select id="xnat-dqr-receiver" aria-label="Receiver">');
    var status = $('<p id="xnat-dqr-send-status" role="status">');
    var send = $('<button type="button" id="xnat-dqr-send-go">').text('Send');
    var cancel = $('<button type="button">').text('Cancel');
    send.click(function () {
      status.text('Sending…');
      $.ajax({ url: ROOT + '/transfers', type: 'POST', dataType: 'json',
               data: JSON.stringify({ Receiver: select.val(), Resources: [dialog.data('study')] }) })
        .done(function (transfer) {
          // The outcome in words, a link to it, and the dialog stays until it is closed.
          status.empty().append(document.createTextNode(outcome(transfer) + ' '),
            $('<a id="xnat-dqr-send-link">').attr('href', ROOT + '/app/index.html#transfers/' +
              transfer.Id).text('Open Transfer ' + transfer.Id));
          cancel.text('Close');
        })
        .fail(function (xhr) {
          var error = xhr.responseJSON && xhr.responseJSON.Error;
          status.text(error || ('HTTP ' + xhr.status));
        });
    });
    cancel.click(function () { dialog.hide(); status.text(''); cancel.text('Cancel'); });
    dialog.append($('<h3>').text('Send to XNAT'), $('<label for="xnat-dqr-receiver">')
      .text('Receiver '), select, status, send, cancel);
    $('body').append(dialog);
  }

  $('#study').live('pagebeforecreate', function () {
    if ($('#xnat-dqr-send-study').length > 0) {
      return;
    }
    var button = $('<a>').attr({ 'data-role': 'button', 'href': '#', 'data-icon': 'forward',
                                 'data-theme': 'e', 'id': 'xnat-dqr-send-study' })
      .text('Send to XNAT…');
    button.insertBefore($('#study-delete').parent().parent());
    button.click(function () {
      if ($.mobile.pageData) {
        sendStudy($.mobile.pageData.uuid);
      }
    });
    if ($('#xnat-dqr-send').length === 0) {
      sendDialog();
    }
  });
})();
