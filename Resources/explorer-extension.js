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
          status.text('Transfer ' + transfer.Id + ' ' + transfer.State + '.');
          setTimeout(function () { dialog.hide(); status.text(''); }, 1500);
        })
        .fail(function (xhr) {
          var error = xhr.responseJSON && xhr.responseJSON.Error;
          status.text(error || ('HTTP ' + xhr.status));
        });
    });
    cancel.click(function () { dialog.hide(); status.text(''); });
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
